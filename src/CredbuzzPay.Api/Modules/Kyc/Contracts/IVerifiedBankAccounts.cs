using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Kyc.Contracts;

/// <summary>
/// A user's bank account as KYC verified it (section bank, status verified). <see cref="AccountNumber"/>
/// is the full number, for a payout provider's request only: never log, store or answer it.
/// </summary>
public sealed record VerifiedBankAccount(string HolderName, string AccountNumber, string Ifsc, string Masked);

/// <summary>The KYC module's payout-destination lookup for the money modules.</summary>
public interface IVerifiedBankAccounts
{
    /// <summary>The user's verified bank account, or null when the bank section is not verified.</summary>
    Task<VerifiedBankAccount?> FindAsync(AppDb db, Guid userId, CancellationToken cancellationToken = default);
}
