using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Identity;

/// <summary>The uniqueness of a user's email and mobile, checked the same way by every path that creates a user.</summary>
internal static class UserContacts
{
    public const string EmailTaken = "An account with this email already exists.";
    public const string MobileTaken = "An account with this mobile number already exists.";

    /// <summary>Per-field messages for whichever of the (normalised) email and mobile already belong to a user; empty when both are free.</summary>
    public static async Task<Dictionary<string, string[]>> TakenAsync(AppDb db, string email, string mobile, CancellationToken cancellationToken)
    {
        var users = db.GetTable<UserAccount>();
        var taken = new Dictionary<string, string[]>();
        if (await users.AnyAsync(u => u.EmailNormalized == email, cancellationToken))
        {
            taken["email"] = [EmailTaken];
        }
        if (await users.AnyAsync(u => u.Mobile == mobile, cancellationToken))
        {
            taken["mobile"] = [MobileTaken];
        }
        return taken;
    }

    /// <summary>Refuses with 409 and a message per taken field.</summary>
    public static async Task EnsureFreeAsync(AppDb db, string email, string mobile, CancellationToken cancellationToken)
    {
        var taken = await TakenAsync(db, email, mobile, cancellationToken);
        if (taken.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "The email or mobile number is already registered.", taken);
        }
    }
}

/// <summary>The one way a user row is created: contacts checked, a fresh <c>user_code</c>, retried on a code collision.</summary>
internal static class UserCreation
{
    /// <summary>
    /// Inserts the user <paramref name="build"/> makes around a fresh code, in a transaction of its own,
    /// after checking the email and mobile are free (409 otherwise). <paramref name="inTransaction"/> runs
    /// after the insert in the same transaction (the audit row...); when it answers false everything is
    /// rolled back and the answer is null.
    /// </summary>
    public static async Task<UserAccount?> CreateAsync(AppDb db, Func<string, UserAccount> build, Func<UserAccount, Task<bool>> inTransaction, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= UserCodes.MaxAttempts; attempt++)
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            var user = build(UserCodes.New());
            await UserContacts.EnsureFreeAsync(db, user.EmailNormalized, user.Mobile, cancellationToken);
            try
            {
                await db.InsertAsync(user, token: cancellationToken);
                if (!await inTransaction(user))
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return null;
                }
                await transaction.CommitAsync(cancellationToken);
                return user;
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // The random code collided, or a concurrent request took the email or mobile: the next round checks again.
                await transaction.RollbackAsync(cancellationToken);
            }
        }
        throw new InvalidOperationException("Could not allocate a unique user code.");
    }
}

