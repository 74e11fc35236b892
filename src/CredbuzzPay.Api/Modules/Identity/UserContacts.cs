using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

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
