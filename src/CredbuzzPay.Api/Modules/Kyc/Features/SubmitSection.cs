using System.Text.Json;
using CredbuzzPay.Api.Modules.Audit.Contracts;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Documents;
using CredbuzzPay.Api.Modules.Kyc.Providers;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Notifications;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

/// <summary>The answer to a section submission (seed 003 #8, #10, #12, #14), with the masked number where there is one.</summary>
public sealed record SubmitResponse(Guid Id, string Status, string Message, bool OtpSent, Guid? RequestId, string? MaskedNumber);

/// <summary>
/// Submits one KYC section: checks the form and every document (before any write), then in one
/// transaction supersedes the previous version, claims the number, stores the new version with its
/// encrypted number and address, writes the documents encrypted, starts the section's OTPs, audits,
/// and refreshes the user's overall status. Files written for a transaction that does not commit are removed.
/// </summary>
internal sealed class SubmitSection
{
    private readonly AppDb _db;
    private readonly KycStore _store;
    private readonly DocumentInspector _inspector;
    private readonly IUserDirectory _users;
    private readonly IAuditTrail _audit;
    private readonly IAadhaarVerification _aadhaar;
    private readonly IPanVerification _pan;
    private readonly IOneTimeCodes _codes;
    private readonly DocumentStore _files;
    private readonly IServiceProvider _services;
    private readonly ILogger<SubmitSection> _logger;

    public SubmitSection(AppDb db, KycStore store, DocumentInspector inspector, IUserDirectory users, IAuditTrail audit, IAadhaarVerification aadhaar,
        IPanVerification pan, IOneTimeCodes codes, DocumentStore files, IServiceProvider services, ILogger<SubmitSection> logger)
    {
        _db = db;
        _store = store;
        _inspector = inspector;
        _users = users;
        _audit = audit;
        _aadhaar = aadhaar;
        _pan = pan;
        _codes = codes;
        _files = files;
        _services = services;
        _logger = logger;
    }

    public async Task<SubmitResponse> AadhaarAsync(AadhaarForm form, UserSummary user, CancellationToken cancellationToken)
    {
        var request = form.Normalized();
        KycForm.Check(_services, request);
        var documents = new List<CleanDocument>
        {
            await _inspector.InspectAsync(request.FrontImage!, "front_image", new DocumentRule(DocumentKinds.AadhaarFront), cancellationToken),
            await _inspector.InspectAsync(request.BackImage!, "back_image", new DocumentRule(DocumentKinds.AadhaarBack), cancellationToken),
        };
        var number = IndianIds.Aadhaar(request.AadhaarNumber)!;
        var requestId = Guid.CreateVersion7();
        var submission = await SaveAsync(user, KycSections.Aadhaar, number, "aadhaar", "aadhaar_number", "Aadhaar number",
            new() { ["name"] = request.Name, ["dob"] = request.Dob, ["gender"] = request.Gender },
            new() { ["address"] = request.Address }, documents,
            async (s, ct) =>
            {
                s.OtpRequestId = requestId;
                await _aadhaar.SendOtpAsync(_db, requestId, new AadhaarOtpTarget(user.Id, user.Mobile, number), ct);
            }, cancellationToken);
        return new SubmitResponse(submission.Id, submission.Status, $"Aadhaar submitted for verification; enter the code sent to {Masks.Phone(user.Mobile)}.",
            true, requestId, Masks.Number(number));
    }

    public async Task<SubmitResponse> PanAsync(PanForm form, UserSummary user, CancellationToken cancellationToken)
    {
        var request = form.Normalized();
        KycForm.Check(_services, request);
        var documents = new List<CleanDocument>
        {
            await _inspector.InspectAsync(request.PanImage!, "pan_image", new DocumentRule(DocumentKinds.PanImage), cancellationToken),
        };
        var number = IndianIds.Pan(request.PanNumber, person: true)!;
        var lookup = await _pan.LookupAsync(number, cancellationToken);
        if (lookup.Status != ProviderStatuses.Valid)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", "This PAN was not found in the income-tax register.",
                new Dictionary<string, string[]> { ["pan_number"] = ["This PAN was not found in the income-tax register."] });
        }
        var submission = await SaveAsync(user, KycSections.Pan, number, "pan", "pan_number", "PAN",
            new() { ["name"] = request.Name, ["dob"] = request.Dob }, null, documents,
            (s, _) =>
            {
                s.ProviderStatus = lookup.Status;
                s.ProviderName = lookup.NameOnRecord;
                s.ProviderCheckedAt = _store.Now;
                s.ProviderAttempts = 1;
                return Task.CompletedTask;
            }, cancellationToken);
        return new SubmitResponse(submission.Id, submission.Status, "PAN submitted for verification.", false, null, PanMask(number));
    }

    public async Task<SubmitResponse> BusinessAsync(BusinessForm form, UserSummary user, CancellationToken cancellationToken)
    {
        var request = form.Normalized();
        KycForm.Check(_services, request);
        var documents = new List<CleanDocument>
        {
            await _inspector.InspectAsync(request.Selfie!, "selfie", new DocumentRule(DocumentKinds.Selfie, MinSide: 320, Face: true), cancellationToken),
        };
        foreach (var shop in request.ShopImages!)
        {
            documents.Add(await _inspector.InspectAsync(shop, "shop_images", new DocumentRule(DocumentKinds.ShopImage), cancellationToken));
        }
        if (request.BranchCode is not null && !string.Equals(request.BranchCode, user.BranchCode, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", "You can only submit the branch you were assigned.",
                new Dictionary<string, string[]> { ["branch_code"] = [user.BranchCode is null ? "No branch has been assigned to you yet." : "You can only submit the branch you were assigned."] });
        }
        var gstin = IndianIds.Gstin(request.GstNumber);
        if (gstin is not null && request.BusinessType == BusinessTypes.SoleProprietorship)
        {
            // A proprietor's GSTIN is built on the proprietor's own PAN: compare blind indexes, no decryption needed.
            var pan = await _store.LiveAsync(_db, user.Id, KycSections.Pan, cancellationToken);
            var problem = pan is null ? "Submit your PAN first: a proprietorship's GSTIN must carry the proprietor's PAN."
                : pan.NumberIndex != _store.BlindIndex("pan", IndianIds.PanOfGstin(gstin)) ? "The PAN inside this GSTIN is not the PAN you submitted." : null;
            if (problem is not null)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", problem,
                    new Dictionary<string, string[]> { ["gst_number"] = [problem] });
            }
        }
        var phone = Contacts.Mobile(request.BusinessPhone)!;
        var email = request.BusinessEmail!.Trim();
        var requestId = Guid.CreateVersion7();
        var submission = await SaveAsync(user, KycSections.Business, null, null, null, null,
            new()
            {
                ["business_name"] = request.BusinessName, ["business_type"] = request.BusinessType, ["registration_number"] = request.RegistrationNumber,
                ["registration_date"] = request.RegistrationDate, ["gst_number"] = gstin is null ? null : GstinMask(gstin), ["city"] = request.City, ["state"] = request.State,
                ["country"] = request.Country, ["pincode"] = request.Pincode,
                ["business_phone"] = Masks.Phone(phone), ["business_email"] = Masks.Email(email),
            },
            new()
            {
                ["address_line1"] = request.AddressLine1, ["address_line2"] = request.AddressLine2, ["business_phone"] = phone, ["business_email"] = email,
                ["gst_number"] = gstin,
            },
            documents,
            async (s, ct) =>
            {
                s.OtpRequestId = requestId;
                await _codes.IssueAsync(_db, requestId, OtpPurposes.KycContact, Channels.Sms, phone, user.Id, ct);
                await _codes.IssueAsync(_db, requestId, OtpPurposes.KycContact, Channels.Email, email, user.Id, ct);
            }, cancellationToken);
        return new SubmitResponse(submission.Id, submission.Status, "Business details submitted; verify the business phone and email with the codes sent to them.",
            true, requestId, null);
    }

    public async Task<SubmitResponse> BankAsync(BankForm form, UserSummary user, CancellationToken cancellationToken)
    {
        var request = form.Normalized();
        KycForm.Check(_services, request);
        var documents = new List<CleanDocument>
        {
            await _inspector.InspectAsync(request.BankProof!, "bank_proof", new DocumentRule(DocumentKinds.BankProof, AllowPdf: true), cancellationToken),
        };
        var account = IndianIds.AccountNumber(request.AccountNumber)!;
        var ifsc = IndianIds.Ifsc(request.IfscCode)!;
        var submission = await SaveAsync(user, KycSections.Bank, account, "bank", "account_number", "bank account",
            new()
            {
                ["account_holder_name"] = request.AccountHolderName, ["ifsc_code"] = ifsc, ["account_type"] = request.AccountType,
                ["bank_name"] = request.BankName, ["branch_name"] = request.BranchName,
            }, null, documents, null, cancellationToken, indexedAs: BankIndexInput(ifsc, account));
        return new SubmitResponse(submission.Id, submission.Status, "Bank details submitted; run the penny drop (kyc/bank/verify_penny_drop) to confirm the account.",
            false, null, Masks.Number(account));
    }

    /// <summary>The same account number at two banks is two accounts: the index covers the bank code too.</summary>
    public static string BankIndexInput(string ifsc, string account) => $"{ifsc[..4]}:{account}";

    /// <summary>A GSTIN carries its holder's PAN, so it is masked too: state code and last four (<c>29XXXXXXXXXB1ZT</c>).</summary>
    public static string GstinMask(string gstin) => gstin[..2] + new string('X', gstin.Length - 6) + gstin[^4..];

    /// <summary>A PAN shows its last four characters only: <c>XXXXXX234F</c>.</summary>
    public static string PanMask(string pan) => new string('X', pan.Length - 4) + pan[^4..];

    private async Task<KycSubmission> SaveAsync(UserSummary user, string section, string? number, string? claimKind, string? field, string? label,
        Dictionary<string, string?> details, Dictionary<string, string?>? privateValues, IReadOnlyList<CleanDocument> documents,
        Func<KycSubmission, CancellationToken, Task>? extra, CancellationToken cancellationToken, string? indexedAs = null)
    {
        var now = _store.Now;
        var submission = new KycSubmission
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            UserCode = user.UserCode,
            BranchCode = user.BranchCode,
            Section = section,
            Status = KycStatuses.Pending,
            Details = JsonSerializer.Serialize(details.Where(p => p.Value is not null).ToDictionary(), KycStore.Json),
            SubmittedAt = now,
            UpdatedAt = now,
        };
        if (number is not null)
        {
            submission.NumberEncrypted = _store.SealNumber(submission.Id, number);
            submission.NumberIndex = _store.BlindIndex(claimKind!, indexedAs ?? number);
            submission.NumberLast4 = number[^4..];
        }
        if (privateValues is not null)
        {
            submission.PrivateEncrypted = _store.SealPrivate(submission.Id, privateValues);
        }
        var written = new List<string>();
        try
        {
            await using var transaction = await _db.BeginTransactionAsync(cancellationToken);
            var previous = await _store.SupersedeAsync(_db, user.Id, section, user.UserCode, cancellationToken);
            if (number is not null)
            {
                await _store.ClaimNumberAsync(_db, claimKind!, submission.NumberIndex!, user.Id, field!, label!, cancellationToken);
            }
            if (extra is not null)
            {
                await extra(submission, cancellationToken);
            }
            await _store.InsertAsync(_db, submission, cancellationToken);
            var rows = await _store.AddDocumentsAsync(_db, submission, documents, written, cancellationToken);
            await _audit.RecordAsync(_db, new AuditEvent(previous is null ? "kyc.submitted" : "kyc.resubmitted", "user", user.UserCode,
                new { section, submission_id = submission.Id, previous_id = previous?.Id, previous_status = previous?.Status, documents = rows.Select(r => r.Kind).ToList() }), cancellationToken);
            await _store.RefreshOverallAsync(_db, user.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            _files.DeleteQuietly(written);
            throw;
        }
        _logger.LogInformation("KYC {Section} {Action} by user {UserCode} (submission {SubmissionId}, {Documents} documents)",
            section, "submitted", user.UserCode, submission.Id, documents.Count);
        return submission;
    }
}

/// <summary>The document slots of the four sections.</summary>
internal static class DocumentKinds
{
    public const string AadhaarFront = "aadhaar_front";
    public const string AadhaarBack = "aadhaar_back";
    public const string AadhaarOffline = "aadhaar_offline_ekyc";
    public const string PanImage = "pan_image";
    public const string Selfie = "selfie";
    public const string ShopImage = "shop_image";
    public const string BankProof = "bank_proof";
}
