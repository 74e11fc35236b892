using CredbuzzPay.Api.Modules.Kyc.Contracts;
using CredbuzzPay.Api.Modules.Kyc.Data;
using CredbuzzPay.Api.Modules.Kyc.Providers;
using FuzzySharp;

namespace CredbuzzPay.Api.Modules.Kyc;

/// <summary>One comparison between documents: <c>match</c>, <c>partial</c> or <c>mismatch</c>, scored 0-100.</summary>
public sealed record CrossCheck(string Check, IReadOnlyList<string> Sections, string Result, int Score, string Detail);

/// <summary>The cross-check of a user's sections: every comparison, the per-section scores, the overall score, the mismatches.</summary>
public sealed record CrossCheckReport(IReadOnlyList<CrossCheck> Checks, IReadOnlyDictionary<string, int?> SectionScores, int? OverallScore, IReadOnlyList<string> Mismatches);

/// <summary>
/// Compares what the documents say about the person: names (Aadhaar, PAN, bank holder, the bank's
/// own record from the penny drop) by token-sorted similarity (FuzzySharp, so "DOE JOHN" matches
/// "John Doe"), dates of birth for equality, plus the providers' answers (Aadhaar OTP, PAN register,
/// penny drop, business contacts). Scores are 0-100; the reviewer sees every mismatch.
/// </summary>
internal static class CrossChecks
{
    public static CrossCheckReport Run(IReadOnlyDictionary<string, KycSubmission> live, int nameThreshold)
    {
        var details = live.ToDictionary(p => p.Key, p => KycStore.DetailsOf(p.Value));
        string? Field(string section, string name) => details.TryGetValue(section, out var d) ? d.GetValueOrDefault(name) : null;

        var checks = new List<CrossCheck>();
        var names = new List<(string Section, string Label, string? Name)>
        {
            (KycSections.Aadhaar, "Aadhaar name", Field(KycSections.Aadhaar, "name")),
            (KycSections.Pan, "PAN name", Field(KycSections.Pan, "name")),
            (KycSections.Bank, "bank account holder", Field(KycSections.Bank, "account_holder_name")),
        };
        for (var i = 0; i < names.Count; i++)
        {
            for (var j = i + 1; j < names.Count; j++)
            {
                if (names[i].Name is { Length: > 0 } a && names[j].Name is { Length: > 0 } b)
                {
                    checks.Add(NameCheck($"name:{names[i].Section}-{names[j].Section}", [names[i].Section, names[j].Section],
                        $"{names[i].Label} vs {names[j].Label}", a, b, nameThreshold));
                }
            }
        }
        if (live.TryGetValue(KycSections.Bank, out var bank) && bank.ProviderName is { Length: > 0 } atBank && Field(KycSections.Bank, "account_holder_name") is { Length: > 0 } holder)
        {
            checks.Add(NameCheck("name:bank-record", [KycSections.Bank], "bank account holder vs the bank's record (penny drop)", holder, atBank, nameThreshold));
        }
        if (Field(KycSections.Aadhaar, "dob") is { Length: > 0 } aadhaarDob && Field(KycSections.Pan, "dob") is { Length: > 0 } panDob)
        {
            var same = aadhaarDob == panDob;
            checks.Add(new CrossCheck("dob:aadhaar-pan", [KycSections.Aadhaar, KycSections.Pan], same ? "match" : "mismatch", same ? 100 : 0,
                same ? "Aadhaar and PAN dates of birth are equal" : "Aadhaar and PAN dates of birth differ"));
        }
        if (live.TryGetValue(KycSections.Aadhaar, out var aadhaar))
        {
            var confirmed = aadhaar.OtpVerifiedAt is not null;
            checks.Add(new CrossCheck("aadhaar:otp", [KycSections.Aadhaar], confirmed ? "match" : "mismatch", confirmed ? 100 : 0,
                confirmed ? "Aadhaar confirmed by OTP" : "Aadhaar OTP not yet confirmed"));
        }
        if (live.TryGetValue(KycSections.Pan, out var pan) && pan.ProviderStatus is not null)
        {
            var valid = pan.ProviderStatus == ProviderStatuses.Valid;
            checks.Add(new CrossCheck("pan:register", [KycSections.Pan], valid ? "match" : "mismatch", valid ? 100 : 0,
                valid ? "PAN found in the register" : "PAN not found in the register"));
        }
        if (bank is not null && bank.ProviderStatus is not null)
        {
            var ok = bank.ProviderStatus == ProviderStatuses.Success;
            checks.Add(new CrossCheck("bank:penny_drop", [KycSections.Bank], ok ? "match" : "mismatch", ok ? 100 : 0,
                ok ? "Penny drop reached the account" : "Penny drop found no such account"));
        }
        if (live.TryGetValue(KycSections.Business, out var business))
        {
            var verified = (business.PhoneVerifiedAt is null ? 0 : 1) + (business.EmailVerifiedAt is null ? 0 : 1);
            checks.Add(new CrossCheck("business:contacts", [KycSections.Business], verified == 2 ? "match" : verified == 1 ? "partial" : "mismatch",
                verified * 50, $"{verified} of 2 business contacts verified by OTP"));
        }

        var sectionScores = KycSections.All.ToDictionary(s => s, s =>
        {
            var mine = checks.Where(c => c.Sections.Contains(s)).ToList();
            return mine.Count == 0 ? (int?)null : (int)Math.Round(mine.Average(c => c.Score));
        });
        var scored = checks.Count == 0 ? (int?)null : (int)Math.Round(checks.Average(c => c.Score));
        var mismatches = checks.Where(c => c.Result != "match").Select(c => c.Detail).ToList();
        return new CrossCheckReport(checks, sectionScores, scored, mismatches);
    }

    public static int NameSimilarity(string a, string b) => Fuzz.TokenSortRatio(Normalise(a), Normalise(b));

    private static CrossCheck NameCheck(string id, IReadOnlyList<string> sections, string label, string a, string b, int threshold)
    {
        var score = NameSimilarity(a, b);
        var result = score >= threshold ? "match" : score >= 60 ? "partial" : "mismatch";
        return new CrossCheck(id, sections, result, score, $"{label}: {score}% similar");
    }

    private static string Normalise(string name) =>
        string.Join(' ', new string(name.ToUpperInvariant().Select(c => char.IsLetter(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t is not ("MR" or "MRS" or "MS" or "DR" or "SHRI" or "SMT" or "KUMARI")));
}
