using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Notifications;
using Microsoft.Extensions.Options;

namespace CredbuzzPay.Api.Modules.Kyc.Providers;

/// <summary>The person an Aadhaar OTP is for: the UIDAI sends it to the Aadhaar-linked mobile, the sandbox to the registered one.</summary>
internal sealed record AadhaarOtpTarget(Guid UserId, string RegisteredMobile, string AadhaarNumber);

/// <summary>Aadhaar OTP e-KYC (UIDAI through a licensed aggregator). <c>reference</c> is the provider's transaction id.</summary>
internal interface IAadhaarVerification
{
    Task SendOtpAsync(AppDb db, Guid reference, AadhaarOtpTarget target, CancellationToken cancellationToken);

    Task ResendOtpAsync(AppDb db, Guid reference, AadhaarOtpTarget target, CancellationToken cancellationToken);

    Task<OtpCheckResult> VerifyOtpAsync(AppDb db, Guid reference, string otp, CancellationToken cancellationToken);
}

/// <summary>What the income-tax register answers for a PAN: <c>valid</c> with the name on record, or <c>not_found</c>.</summary>
internal sealed record PanLookup(string Status, string? NameOnRecord);

/// <summary>PAN verification (NSDL / Protean through an aggregator).</summary>
internal interface IPanVerification
{
    Task<PanLookup> LookupAsync(string pan, CancellationToken cancellationToken);
}

/// <summary>A penny drop's answer: <c>success</c> with the account holder's name at the bank, or <c>account_not_found</c>.</summary>
internal sealed record PennyDropResult(string Status, string? HolderName);

/// <summary>Bank account verification by a one-rupee credit (IMPS penny drop through an aggregator).</summary>
internal interface IBankAccountVerification
{
    Task<PennyDropResult> PennyDropAsync(string accountNumber, string ifsc, CancellationToken cancellationToken);
}

internal static class ProviderStatuses
{
    public const string Valid = "valid";
    public const string NotFound = "not_found";
    public const string Success = "success";
    public const string AccountNotFound = "account_not_found";
}

/// <summary>
/// Sandbox Aadhaar OTP: behaves like the aggregator's API (a 6-digit code, 10 minutes, 3 tries) but
/// the code is our own, sent through the outbox to the user's registered mobile.
/// </summary>
internal sealed class SandboxAadhaarVerification : IAadhaarVerification
{
    private readonly IOneTimeCodes _codes;

    public SandboxAadhaarVerification(IOneTimeCodes codes) => _codes = codes;

    public Task SendOtpAsync(AppDb db, Guid reference, AadhaarOtpTarget target, CancellationToken cancellationToken) =>
        _codes.IssueAsync(db, reference, OtpPurposes.KycAadhaar, Channels.Sms, target.RegisteredMobile, target.UserId, cancellationToken);

    public Task ResendOtpAsync(AppDb db, Guid reference, AadhaarOtpTarget target, CancellationToken cancellationToken) =>
        _codes.ResendAsync(db, reference, OtpPurposes.KycAadhaar, Channels.Sms, target.RegisteredMobile, cancellationToken);

    public Task<OtpCheckResult> VerifyOtpAsync(AppDb db, Guid reference, string otp, CancellationToken cancellationToken) =>
        _codes.VerifyAsync(db, reference, OtpPurposes.KycAadhaar, Channels.Sms, otp, cancellationToken);
}

/// <summary>
/// Sandbox PAN register: every well-formed PAN exists except those whose four digits are <c>0000</c>
/// (answered <c>not_found</c>, as NSDL does for an unissued PAN). It holds no names, so it answers none.
/// </summary>
internal sealed class SandboxPanVerification : IPanVerification
{
    public Task<PanLookup> LookupAsync(string pan, CancellationToken cancellationToken) =>
        Task.FromResult(pan.Substring(5, 4) == "0000" ? new PanLookup(ProviderStatuses.NotFound, null) : new PanLookup(ProviderStatuses.Valid, null));
}

/// <summary>
/// Sandbox penny drop over a deterministic test account set: the accounts configured under
/// <c>Kyc:Sandbox:BankAccounts</c> answer their holder name on record; account numbers starting
/// <c>99</c> are the open test range and answer <c>SANDBOX HOLDER</c> unless configured; every other
/// account is <c>account_not_found</c>.
/// </summary>
internal sealed class SandboxBankAccountVerification : IBankAccountVerification
{
    public const string OpenRangeHolder = "SANDBOX HOLDER";
    private readonly IOptionsMonitor<KycOptions> _options;

    public SandboxBankAccountVerification(IOptionsMonitor<KycOptions> options) => _options = options;

    public Task<PennyDropResult> PennyDropAsync(string accountNumber, string ifsc, CancellationToken cancellationToken)
    {
        if (_options.CurrentValue.Sandbox.BankAccounts.TryGetValue(accountNumber, out var holder))
        {
            return Task.FromResult(new PennyDropResult(ProviderStatuses.Success, holder));
        }
        return Task.FromResult(accountNumber.StartsWith("99", StringComparison.Ordinal)
            ? new PennyDropResult(ProviderStatuses.Success, OpenRangeHolder)
            : new PennyDropResult(ProviderStatuses.AccountNotFound, null));
    }
}
