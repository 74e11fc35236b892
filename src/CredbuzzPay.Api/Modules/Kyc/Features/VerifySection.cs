using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Kyc.Providers;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using FluentValidation;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

public sealed record KycOtpRequest(string? Otp, Guid? RequestId);

public sealed record ContactOtpRequest(string? Channel, string? Otp);

public sealed record ContactResendRequest(string? Channel);

public sealed record OtpVerifiedResponse(bool Verified, string Message, string Status);

public sealed record OtpResentResponse(bool OtpSent, Guid RequestId, string Message);

public sealed record OfflineUploadResponse(Guid Id, string Status, string Message, DocumentView Document);

public sealed record PennyDropResponse(string Status, string? NameAtBank, int? NameMatchScore, bool NameMatches, int AttemptsLeft, string Message);

internal sealed class KycOtpRequestValidator : AbstractValidator<KycOtpRequest>
{
    public KycOtpRequestValidator() =>
        RuleFor(r => r.Otp).NotEmpty().WithMessage("Enter the 6-digit code.").Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.");
}

internal sealed class ContactOtpRequestValidator : AbstractValidator<ContactOtpRequest>
{
    public ContactOtpRequestValidator()
    {
        RuleFor(r => r.Channel).Must(c => c is "phone" or "email").WithMessage("Channel must be phone or email.");
        RuleFor(r => r.Otp).NotEmpty().WithMessage("Enter the 6-digit code.").Matches("^[0-9]{6}$").WithMessage("Enter the 6-digit code.");
    }
}

internal sealed class ContactResendRequestValidator : AbstractValidator<ContactResendRequest>
{
    public ContactResendRequestValidator() =>
        RuleFor(r => r.Channel).Must(c => c is "phone" or "email").WithMessage("Channel must be phone or email.");
}

/// <summary>The checks a user runs on a submitted section: Aadhaar OTP, offline e-KYC, business contact OTPs, penny drop.</summary>
internal sealed class VerifySection
{
    private readonly AppDb _db;
    private readonly KycStore _store;
    private readonly IAuditTrail _audit;
    private readonly IAadhaarVerification _aadhaar;
    private readonly IBankAccountVerification _bank;
    private readonly IOneTimeCodes _codes;
    private readonly DocumentInspector _inspector;
    private readonly DocumentStore _files;
    private readonly KycOptions _options;
    private readonly ILogger<VerifySection> _logger;

    public VerifySection(AppDb db, KycStore store, IAuditTrail audit, IAadhaarVerification aadhaar, IBankAccountVerification bank, IOneTimeCodes codes,
        DocumentInspector inspector, DocumentStore files, IOptions<KycOptions> options, ILogger<VerifySection> logger)
    {
        _db = db;
        _store = store;
        _audit = audit;
        _aadhaar = aadhaar;
        _bank = bank;
        _codes = codes;
        _inspector = inspector;
        _files = files;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<OtpVerifiedResponse> AadhaarOtpAsync(UserSummary user, KycOtpRequest request, CancellationToken cancellationToken)
    {
        var aadhaar = await OpenAsync(user, KycSections.Aadhaar, cancellationToken);
        if (aadhaar.OtpVerifiedAt is not null)
        {
            return new OtpVerifiedResponse(true, "Aadhaar is already confirmed.", aadhaar.Status);
        }
        if (aadhaar.OtpRequestId is not { } reference || (request.RequestId is { } given && given != reference))
        {
            throw ApiProblemException.NotFound("No Aadhaar confirmation is pending for this request.");
        }
        (await _aadhaar.VerifyOtpAsync(_db, reference, request.Otp!, cancellationToken)).EnsureVerified("No Aadhaar confirmation is pending for this request.");
        await MarkAsync(aadhaar, s => s.OtpVerifiedAt, "kyc.aadhaar_otp_verified", user, new { submission_id = aadhaar.Id }, cancellationToken);
        return new OtpVerifiedResponse(true, "Aadhaar confirmed; it now waits for review.", aadhaar.Status);
    }

    public async Task<OtpResentResponse> ResendAadhaarOtpAsync(UserSummary user, CancellationToken cancellationToken)
    {
        var aadhaar = await OpenAsync(user, KycSections.Aadhaar, cancellationToken);
        if (aadhaar.OtpVerifiedAt is not null || aadhaar.OtpRequestId is not { } reference)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "Aadhaar is already confirmed.");
        }
        await using (var transaction = await _db.BeginTransactionAsync(cancellationToken))
        {
            await _aadhaar.ResendOtpAsync(_db, reference, new AadhaarOtpTarget(user.Id, user.Mobile, ""), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new OtpResentResponse(true, reference, "A new code is on its way to your registered mobile.");
    }

    public async Task<OfflineUploadResponse> OfflineAsync(UserSummary user, OfflineEkycForm form, CancellationToken cancellationToken)
    {
        var file = form.File ?? throw ApiProblemException.Validation("file", "Attach the offline e-KYC file (file): the e-Aadhaar PDF or an image of it.");
        var clean = await _inspector.InspectAsync(file, "file", new DocumentRule(DocumentKinds.AadhaarOffline, AllowPdf: true), cancellationToken);
        var aadhaar = await OpenAsync(user, KycSections.Aadhaar, cancellationToken);
        var written = new List<string>();
        List<KycDocument> rows;
        try
        {
            await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
            var now = _store.Now;
            await _db.GetTable<KycDocument>()
                .Where(d => d.SubmissionId == aadhaar.Id && d.Kind == DocumentKinds.AadhaarOffline && d.DeletedAt == null)
                .Set(d => d.DeletedAt, now).Set(d => d.DeletedBy, user.UserCode)
                .UpdateAsync(cancellationToken);
            rows = await _store.AddDocumentsAsync(_db, aadhaar, [clean], written, cancellationToken);
            await _audit.RecordAsync(_db, new AuditEvent("kyc.offline_ekyc_uploaded", "user", user.UserCode, new { submission_id = aadhaar.Id, document_id = rows[0].Id }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            _files.DeleteQuietly(written);
            throw;
        }
        _logger.LogInformation("Offline e-KYC file stored for user {UserCode} (submission {SubmissionId})", user.UserCode, aadhaar.Id);
        return new OfflineUploadResponse(aadhaar.Id, aadhaar.Status, "Offline e-KYC file stored with your Aadhaar details.", SectionViews.Document(rows[0]));
    }

    public async Task<OtpVerifiedResponse> ContactAsync(UserSummary user, ContactOtpRequest request, CancellationToken cancellationToken)
    {
        var business = await OpenAsync(user, KycSections.Business, cancellationToken);
        var phone = request.Channel == "phone";
        if ((phone ? business.PhoneVerifiedAt : business.EmailVerifiedAt) is not null)
        {
            return new OtpVerifiedResponse(true, $"The business {request.Channel} is already verified.", business.Status);
        }
        (await _codes.VerifyAsync(_db, business.OtpRequestId!.Value, OtpPurposes.KycContact, phone ? Channels.Sms : Channels.Email, request.Otp!, cancellationToken))
            .EnsureVerified("No verification is pending for this request.");
        await MarkAsync(business, phone ? s => s.PhoneVerifiedAt : s => s.EmailVerifiedAt, "kyc.business_contact_verified", user,
            new { submission_id = business.Id, channel = request.Channel }, cancellationToken);
        return new OtpVerifiedResponse(true, $"Business {request.Channel} verified.", business.Status);
    }

    public async Task<OtpResentResponse> ResendContactAsync(UserSummary user, ContactResendRequest request, CancellationToken cancellationToken)
    {
        var business = await OpenAsync(user, KycSections.Business, cancellationToken);
        var phone = request.Channel == "phone";
        if ((phone ? business.PhoneVerifiedAt : business.EmailVerifiedAt) is not null)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"The business {request.Channel} is already verified.");
        }
        var contacts = _store.OpenPrivate(business);
        await using (var transaction = await _db.BeginTransactionAsync(cancellationToken))
        {
            await _codes.ResendAsync(_db, business.OtpRequestId!.Value, OtpPurposes.KycContact, phone ? Channels.Sms : Channels.Email,
                contacts[phone ? "business_phone" : "business_email"]!, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new OtpResentResponse(true, business.OtpRequestId!.Value, $"A new code is on its way to the business {request.Channel}.");
    }

    public async Task<PennyDropResponse> PennyDropAsync(UserSummary user, CancellationToken cancellationToken)
    {
        var bank = await OpenAsync(user, KycSections.Bank, cancellationToken);
        if (bank.ProviderStatus == ProviderStatuses.Success)
        {
            return Answer(bank, "The account was already confirmed by penny drop.");
        }
        if (bank.ProviderAttempts >= _options.MaxPennyDropAttempts)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "No penny drops are left for these bank details; resubmit them to try again.");
        }
        // Count the attempt first (a conditional update), so concurrent calls cannot exceed the allowance.
        var counted = await _db.GetTable<KycSubmission>()
            .Where(s => s.Id == bank.Id && s.ProviderAttempts == bank.ProviderAttempts && s.DeletedAt == null)
            .Set(s => s.ProviderAttempts, s => s.ProviderAttempts + 1)
            .UpdateAsync(cancellationToken);
        if (counted != 1)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", "A penny drop for these details is already running.");
        }
        var details = KycStore.DetailsOf(bank);
        var result = await _bank.PennyDropAsync(_store.OpenNumber(bank), details["ifsc_code"]!, cancellationToken);
        var now = _store.Now;
        await using (var transaction = await _db.BeginTransactionAsync(cancellationToken))
        {
            await _db.GetTable<KycSubmission>().Where(s => s.Id == bank.Id)
                .Set(s => s.ProviderStatus, result.Status).Set(s => s.ProviderName, result.HolderName)
                .Set(s => s.ProviderCheckedAt, now).Set(s => s.UpdatedAt, now)
                .UpdateAsync(cancellationToken);
            await _audit.RecordAsync(_db, new AuditEvent("kyc.penny_drop", "user", user.UserCode,
                new { submission_id = bank.Id, result = result.Status, attempt = bank.ProviderAttempts + 1 }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        _logger.LogInformation("Penny drop for user {UserCode} answered {Result} (attempt {Attempt})", user.UserCode, result.Status, bank.ProviderAttempts + 1);
        bank.ProviderStatus = result.Status;
        bank.ProviderName = result.HolderName;
        bank.ProviderAttempts++;
        return Answer(bank, result.Status == ProviderStatuses.Success ? "The bank confirmed the account." : "The bank found no such account; check the number and IFSC.");
    }

    private PennyDropResponse Answer(KycSubmission bank, string message)
    {
        var holder = KycStore.DetailsOf(bank).GetValueOrDefault("account_holder_name");
        int? score = bank.ProviderName is { } atBank && holder is not null ? CrossChecks.NameSimilarity(holder, atBank) : null;
        return new PennyDropResponse(bank.ProviderStatus ?? "not_run", bank.ProviderName, score, score >= _options.NameMatchThreshold,
            Math.Max(0, _options.MaxPennyDropAttempts - bank.ProviderAttempts), message);
    }

    /// <summary>The live section, which must still be open to changes (pending review).</summary>
    private async Task<KycSubmission> OpenAsync(UserSummary user, string section, CancellationToken cancellationToken)
    {
        var live = await _store.LiveAsync(_db, user.Id, section, cancellationToken)
            ?? throw ApiProblemException.NotFound($"No {KycStore.Label(section)} details have been submitted.");
        if (live.Status != KycStatuses.Pending)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict", $"Your {KycStore.Label(section)} details are {live.Status.Replace('_', ' ')}; this step is closed.");
        }
        return live;
    }

    private async Task MarkAsync(KycSubmission submission, System.Linq.Expressions.Expression<Func<KycSubmission, DateTime?>> column, string action, UserSummary user, object detail, CancellationToken cancellationToken)
    {
        var now = _store.Now;
        await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
        await _db.GetTable<KycSubmission>().Where(s => s.Id == submission.Id)
            .Set(column, now).Set(s => s.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        await _audit.RecordAsync(_db, new AuditEvent(action, "user", user.UserCode, detail), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _logger.LogInformation("KYC step {Action} done by user {UserCode}", action, user.UserCode);
    }
}
