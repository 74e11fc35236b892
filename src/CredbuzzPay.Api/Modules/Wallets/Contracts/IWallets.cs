using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Wallets.Contracts;

/// <summary>A user's wallet as staff views show it (seed 002 "Balance Visibility").</summary>
public sealed record WalletBalance(Guid WalletId, string AccountNumber, long BalancePaise);

/// <summary>The wallet network's contract for the identity module.</summary>
public interface IWallets
{
    /// <summary>
    /// Inside the caller's open transaction on <paramref name="db"/>, after a user was created or changed: a
    /// distributor or retailer without a wallet gets one (seed 002 "Auto-Creation"); an existing wallet follows
    /// the user's tier and branch.
    /// </summary>
    Task UserChangedAsync(AppDb db, UserSummary user, CancellationToken cancellationToken);

    /// <summary>The user's wallet account, or null when they have none.</summary>
    Task<Ledger.Contracts.LedgerAccountInfo?> AccountOfAsync(AppDb db, Guid userId, CancellationToken cancellationToken);

    /// <summary>The user's margin on the operator in force at <paramref name="at"/>, in hundredths of a percent (its own, else its all-operators margin, else 0).</summary>
    Task<int> MarginAsync(AppDb db, Guid userId, string operatorCode, DateTime at, CancellationToken cancellationToken);

    /// <summary>The wallets of these users (those without one are missing from the answer), read in one go.</summary>
    Task<IReadOnlyDictionary<Guid, WalletBalance>> BalancesAsync(AppDb db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);
}
