using System.Security.Claims;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Modules.Identity.Passwords;
using CredbuzzPay.Api.Modules.Identity.Sessions;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Identity.Features.PasswordReset;

/// <summary><c>POST user/profile/change_password</c>: needs the current password; ends every other session.</summary>
internal sealed class ChangePassword
{
    private readonly AppDb _db;
    private readonly PasswordHasher _hasher;
    private readonly PasswordChanges _changes;

    public ChangePassword(AppDb db, PasswordHasher hasher, PasswordChanges changes)
    {
        _db = db;
        _hasher = hasher;
        _changes = changes;
    }

    public async Task<Login.MessageResponse> HandleAsync(ChangePasswordRequest request, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userCode = principal.FindFirstValue(Tokens.UserCodeClaim);
        var user = await _db.GetTable<UserAccount>().FirstOrDefaultAsync(u => u.UserCode == userCode && u.DeletedAt == null, cancellationToken)
            ?? throw ApiProblemException.NotFound();
        if (!await _hasher.VerifyAsync(user.PasswordHash, request.OldPassword!, cancellationToken))
        {
            throw ApiProblemException.Validation("old_password", "The current password is not right.");
        }
        var problems = PasswordPolicy.Check(request.NewPassword, user.Email, user.Mobile);
        if (problems.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Validation failed", "One or more fields are invalid.",
                new Dictionary<string, string[]> { ["new_password"] = problems.ToArray() });
        }
        Guid? current = Guid.TryParse(principal.FindFirstValue(Tokens.SessionClaim), out var sid) ? sid : null;
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        await _changes.ApplyAsync(_db, user, await _hasher.HashAsync(request.NewPassword!, cancellationToken), "password.changed", current, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Login.MessageResponse("Password changed successfully");
    }
}
