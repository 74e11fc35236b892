using System.ComponentModel.DataAnnotations;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Loans;

/// <summary>Settings of section <c>Loans</c> (docs/loans.md).</summary>
public sealed class LoansOptions
{
    public const string Section = "Loans";

    /// <summary>Principal above which the second approval of an application (and of a reschedule or write-off, on the outstanding) must be a super_admin's.</summary>
    public string SecondApprovalAmount { get; set; } = "500000.00";

    /// <summary>GST on processing fees, in percent with two decimals.</summary>
    public string GstPercent { get; set; } = "18.00";

    /// <summary>Applications one customer may have open (submitted, recommended or approved) at once.</summary>
    [Range(1, 20)]
    public int MaxOpenApplications { get; set; } = 3;

    /// <summary>Loans the servicing job handles per batch (each loan in its own transaction).</summary>
    [Range(1, 10_000)]
    public int ServicingBatchSize { get; set; } = 500;

    public long SecondApprovalPaise => Money.ParseText(SecondApprovalAmount) ?? throw new InvalidOperationException("Loans:SecondApprovalAmount is checked at start.");

    public int GstBp => (int)(Money.ParseText(GstPercent) ?? throw new InvalidOperationException("Loans:GstPercent is checked at start."));
}

internal sealed class LoansOptionsValidation : IValidateOptions<LoansOptions>
{
    public ValidateOptionsResult Validate(string? name, LoansOptions options)
    {
        var failures = new List<string>();
        if (Money.ParseText(options.SecondApprovalAmount) is not > 0)
        {
            failures.Add("Loans:SecondApprovalAmount must be an amount greater than 0 with at most two decimals (\"500000.00\").");
        }
        if (Money.ParseText(options.GstPercent) is not { } gst || gst > 5_000)
        {
            failures.Add("Loans:GstPercent must be a percent from 0 to 50.00 with at most two decimals (\"18.00\").");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
