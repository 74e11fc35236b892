using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Data;
using CredbuzzPay.Api.Platform.Crypto;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Identity.Features.Profile;

/// <summary>Only the fields present are changed; email and mobile are refused here (they need their own OTP).</summary>
/// <summary>
/// Only the fields present are changed. <c>phone</c> (seed 003 #18) may repeat the verified mobile; a
/// different one, like any <c>email</c> or <c>mobile</c>, is refused: changing them needs their own OTP.
/// </summary>
public sealed record UpdateProfileRequest(string? FirstName, string? LastName, string? Address, string? City, string? State, string? Pincode, string? Email, string? Mobile,
    string? Phone = null);

public sealed record UpdateProfileResponse(string Id, string UserCode, string Message, IReadOnlyList<string> UpdatedFields);

internal sealed class UpdateProfileValidator : AbstractValidator<UpdateProfileRequest>
{
    public UpdateProfileValidator()
    {
        RuleFor(r => r.FirstName).NotEmpty().MaximumLength(100).When(r => r.FirstName is not null).WithMessage("First name cannot be empty (at most 100 characters).");
        RuleFor(r => r.LastName).NotEmpty().MaximumLength(100).When(r => r.LastName is not null).WithMessage("Last name cannot be empty (at most 100 characters).");
        RuleFor(r => r.Address).MaximumLength(300);
        RuleFor(r => r.City).MaximumLength(100);
        RuleFor(r => r.State).MaximumLength(100);
        RuleFor(r => r.Pincode).Matches("^[1-9][0-9]{5}$").When(r => !string.IsNullOrEmpty(r.Pincode)).WithMessage("A pincode is 6 digits and does not start with 0.");
        RuleFor(r => r.Email).Null().WithMessage("Changing the email needs its own verification; it cannot be changed here.");
        RuleFor(r => r.Mobile).Null().WithMessage("Changing the mobile number needs its own verification; it cannot be changed here.");
    }
}

internal sealed class UpdateProfile
{
    private readonly AppDb _db;
    private readonly SecretBox _box;
    private readonly IAuditTrail _audit;
    private readonly Privacy.Contracts.ICorrectionLog _corrections;
    private readonly TimeProvider _clock;

    public UpdateProfile(AppDb db, SecretBox box, IAuditTrail audit, Privacy.Contracts.ICorrectionLog corrections, TimeProvider clock)
    {
        _corrections = corrections;
        _db = db;
        _box = box;
        _audit = audit;
        _clock = clock;
    }

    public async Task<UpdateProfileResponse> HandleAsync(UpdateProfileRequest request, string userCode, CancellationToken cancellationToken)
    {
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        var user = await _db.GetTable<UserAccount>().FirstOrDefaultAsync(u => u.UserCode == userCode && u.DeletedAt == null, cancellationToken)
            ?? throw ApiProblemException.NotFound();
        if (request.Phone is { } phone && (!ContactFormats.TryNormalizeMobile(phone, out var normalized) || normalized != user.Mobile))
        {
            throw ApiProblemException.Validation("phone", "Changing the mobile number needs its own verification; it cannot be changed here.");
        }
        var address = UserAddresses.Open(_box, user.Id, user.AddressEncrypted);
        var updated = new List<string>();
        var firstName = Changed(request.FirstName?.Trim(), user.FirstName, "first_name", updated) ?? user.FirstName;
        var lastName = Changed(request.LastName?.Trim(), user.LastName, "last_name", updated) ?? user.LastName;
        var newAddress = new PostalAddress(
            Changed(request.Address?.Trim(), address.Address, "address", updated) ?? address.Address,
            Changed(request.City?.Trim(), address.City, "city", updated) ?? address.City,
            Changed(request.State?.Trim(), address.State, "state", updated) ?? address.State,
            Changed(request.Pincode?.Trim(), address.Pincode, "pincode", updated) ?? address.Pincode);
        if (updated.Count > 0)
        {
            await _db.GetTable<UserAccount>().Where(u => u.Id == user.Id)
                .Set(u => u.FirstName, firstName)
                .Set(u => u.LastName, lastName)
                .Set(u => u.AddressEncrypted, UserAddresses.Seal(_box, user.Id, newAddress))
                .Set(u => u.UpdatedAt, _clock.GetUtcNow().UtcDateTime)
                .UpdateAsync(cancellationToken);
            await _audit.RecordAsync(_db, new AuditEvent("profile.updated", "user", user.UserCode, new { fields = updated }, user.UserCode), cancellationToken);
            // The right to correction: the privacy request log records which fields (never their values).
            await _corrections.RecordAsync(_db, user.Id, user.UserCode, user.BranchCode, "Profile: " + string.Join(", ", updated), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new UpdateProfileResponse(user.UserCode, user.UserCode, updated.Count > 0 ? "Profile updated successfully" : "Nothing to change", updated);
    }

    private static string? Changed(string? requested, string? current, string field, List<string> updated)
    {
        if (requested is null || requested == current)
        {
            return null;
        }
        updated.Add(field);
        return requested;
    }
}
