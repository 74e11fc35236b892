using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

/// <summary>A stored document as clients see it: never its storage name, always through the authenticated link.</summary>
public sealed record DocumentView(Guid Id, string Kind, string ContentType, long ByteSize, string Url, DateTime UploadedAt);

/// <summary>
/// Builds what the owner and permitted reviewers see of a section: its fields, the number only as a
/// mask, the verification state and the documents' links. Full numbers never leave this module.
/// </summary>
internal static class SectionViews
{
    public static Dictionary<string, object?> NotSubmitted(string section) => new()
    {
        ["id"] = null,
        ["section"] = section,
        ["status"] = KycStatuses.NotSubmitted,
    };

    public static Dictionary<string, object?> Build(KycStore store, KycSubmission submission, IReadOnlyList<KycDocument> documents, int? score)
    {
        var view = new Dictionary<string, object?>
        {
            ["id"] = submission.Id,
            ["section"] = submission.Section,
            ["status"] = submission.Status,
        };
        var mask = submission.NumberLast4 is null ? null : MaskOf(submission);
        switch (submission.Section)
        {
            case KycSections.Aadhaar:
                view["aadhaar_number"] = mask;
                break;
            case KycSections.Pan:
                view["pan_number"] = mask;
                break;
            case KycSections.Bank:
                view["account_number"] = mask;
                break;
        }
        foreach (var (key, value) in KycStore.DetailsOf(submission))
        {
            view[key] = value;
        }
        foreach (var (key, value) in store.OpenPrivate(submission))
        {
            // Contacts and the GSTIN (it embeds the PAN) are shown masked, from the details; addresses in full to the owner and reviewers.
            if (key is not ("business_phone" or "business_email" or "gst_number"))
            {
                view[key] = value;
            }
        }
        switch (submission.Section)
        {
            case KycSections.Aadhaar:
                view["otp_verified"] = submission.OtpVerifiedAt is not null;
                break;
            case KycSections.Pan:
                view["register_status"] = submission.ProviderStatus;
                break;
            case KycSections.Business:
                view["business_phone_verified"] = submission.PhoneVerifiedAt is not null;
                view["business_email_verified"] = submission.EmailVerifiedAt is not null;
                view["branch_code"] = submission.BranchCode;
                break;
            case KycSections.Bank:
                view["penny_drop_status"] = submission.ProviderStatus;
                view["name_at_bank"] = submission.ProviderName;
                view["penny_drop_attempts"] = submission.ProviderAttempts;
                break;
        }
        view["submitted_at"] = submission.SubmittedAt;
        view["verified_at"] = submission.VerifiedAt;
        view["verification_score"] = score;
        view["review_reason"] = submission.ReviewReason;
        view["reviewed_at"] = submission.ReviewedAt;
        view["documents"] = documents.Select(Document).ToList();
        return view;
    }

    public static DocumentView Document(KycDocument d) => new(d.Id, d.Kind, d.ContentType, d.ByteSize, $"/api/v1/kyc/documents/{d.Id}", d.CreatedAt);

    public static string MaskOf(KycSubmission submission) => submission.Section switch
    {
        KycSections.Aadhaar => "XXXX-XXXX-" + submission.NumberLast4,
        KycSections.Pan => "XXXXXX" + submission.NumberLast4,
        _ => "XXXX-XXXX-" + submission.NumberLast4,
    };
}
