using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Providers;

namespace CredbuzzPay.Api.Modules.Kyc.Features;

public sealed record SectionState(string Status, int? VerificationScore);

public sealed record KycStatusResponse(int CompletionPercentage, string Status, SectionState Aadhaar, SectionState Pan, SectionState Business, SectionState Bank,
    int? OverallScore, IReadOnlyList<string> NextSteps);

public sealed record ResumeStep(string Step, string Status);

public sealed record ResumeResponse(string CurrentStep, IReadOnlyList<string> CompletedSteps, IReadOnlyList<ResumeStep> Steps, string? NextAction, string? NextEndpoint);

/// <summary>Seed 003 #16 and seed 000's RegistrationProgress (personal → aadhaar → pan → business → bank → review), computed from the live sections.</summary>
internal static class KycStatusReport
{
    public static KycStatusResponse Status(IReadOnlyDictionary<string, KycSubmission> live, CrossCheckReport report, string overall)
    {
        SectionState State(string section) => new(live.TryGetValue(section, out var s) ? s.Status : KycStatuses.NotSubmitted, report.SectionScores[section]);
        // Seed 003's example (two verified, two pending = 75%): a verified section counts fully, a pending one half.
        var completion = KycSections.All.Sum(s => !live.TryGetValue(s, out var x) ? 0 : x.Status == KycStatuses.Verified ? 25.0 : x.Status == KycStatuses.Pending ? 12.5 : 0);
        return new KycStatusResponse((int)Math.Round(completion), overall, State(KycSections.Aadhaar), State(KycSections.Pan), State(KycSections.Business), State(KycSections.Bank),
            report.OverallScore, NextSteps(live));
    }

    public static IReadOnlyList<string> NextSteps(IReadOnlyDictionary<string, KycSubmission> live)
    {
        var steps = new List<string>();
        foreach (var section in KycSections.All)
        {
            var label = KycStore.Label(section);
            var title = char.ToUpperInvariant(label[0]) + label[1..];
            if (!live.TryGetValue(section, out var s))
            {
                steps.Add(section switch
                {
                    KycSections.Business => "Complete Business KYC",
                    KycSections.Bank => "Submit Bank Details",
                    _ => $"Submit {title} details",
                });
                continue;
            }
            switch (s.Status)
            {
                case KycStatuses.Rejected:
                    steps.Add($"{title} details were rejected: {s.ReviewReason}. Submit them again.");
                    continue;
                case KycStatuses.ResubmissionRequested:
                    steps.Add($"Resubmit {label} details: {s.ReviewReason}");
                    continue;
                case KycStatuses.Verified:
                    continue;
            }
            if (section == KycSections.Aadhaar && s.OtpVerifiedAt is null)
            {
                steps.Add("Confirm Aadhaar with the OTP sent to your registered mobile");
            }
            if (section == KycSections.Business && s.PhoneVerifiedAt is null)
            {
                steps.Add("Verify the business phone with its OTP");
            }
            if (section == KycSections.Business && s.EmailVerifiedAt is null)
            {
                steps.Add("Verify the business email with its OTP");
            }
            if (section == KycSections.Bank && s.ProviderStatus != ProviderStatuses.Success)
            {
                steps.Add("Confirm the bank account by penny drop");
            }
        }
        if (steps.Count == 0 && live.Values.Any(s => s.Status == KycStatuses.Pending))
        {
            steps.Add("Wait for the review of your documents");
        }
        return steps;
    }

    public static ResumeResponse Resume(IReadOnlyDictionary<string, KycSubmission> live)
    {
        var steps = new List<ResumeStep> { new("personal", "completed") };
        string? current = null;
        foreach (var section in KycSections.All)
        {
            var status = !live.TryGetValue(section, out var s) ? KycStatuses.NotSubmitted : s.Status;
            var done = status is KycStatuses.Pending or KycStatuses.Verified;
            steps.Add(new ResumeStep(section, done ? (status == KycStatuses.Verified ? "completed" : "submitted") : status));
            if (!done && current is null)
            {
                current = section;
            }
        }
        var allVerified = KycSections.All.All(s => live.TryGetValue(s, out var x) && x.Status == KycStatuses.Verified);
        steps.Add(new ResumeStep("review", allVerified ? "completed" : current is null ? "in_progress" : "not_started"));
        current ??= allVerified ? "complete" : "review";
        var endpoint = current switch
        {
            KycSections.Aadhaar => "/api/v1/kyc/aadhaar/submit_aadhaar",
            KycSections.Pan => "/api/v1/kyc/pan/submit_pan",
            KycSections.Business => "/api/v1/kyc/business/submit_business",
            KycSections.Bank => "/api/v1/kyc/bank/submit_bank",
            _ => null,
        };
        var next = NextSteps(live) is { Count: > 0 } pending ? pending[0] : null;
        return new ResumeResponse(current, steps.Where(s => s.Status == "completed" || s.Status == "submitted").Select(s => s.Step).ToList(), steps, next, endpoint);
    }
}
