using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;

namespace CredbuzzPay.Api.Modules.Wallets;

/// <summary>
/// Which WALLET account is whose. A wallet is a ledger account (floor 0, no interest, no limits of its own);
/// the <c>wallets</c> row beside it keeps the owner's tier and branch for staff's lists.
/// </summary>
internal sealed class WalletDirectory : IWallets
{
    private readonly ILedger _ledger;
    private readonly TimeProvider _clock;

    public WalletDirectory(ILedger ledger, TimeProvider clock)
    {
        _ledger = ledger;
        _clock = clock;
    }

    /// <summary>The tiers that get a wallet the moment they are made (seed 002 "Auto-Creation").</summary>
    public static bool IsBusiness(string tier) => tier is Tiers.Distributor or Tiers.Retailer;

    public async Task UserChangedAsync(AppDb db, UserSummary user, CancellationToken cancellationToken)
    {
        var wallet = await OfAsync(db, user.Id, cancellationToken);
        if (wallet is null)
        {
            if (IsBusiness(user.Tier) && user.Role == Roles.User)
            {
                await OpenInAsync(db, user, cancellationToken);
            }
            return;
        }
        if (wallet.Tier != user.Tier || wallet.BranchCode != user.BranchCode)
        {
            await db.GetTable<WalletRow>().Where(w => w.AccountId == wallet.AccountId)
                .Set(w => w.Tier, user.Tier).Set(w => w.BranchCode, user.BranchCode).UpdateAsync(cancellationToken);
            await _ledger.MoveBranchWithinAsync(db, wallet.AccountId, user.BranchCode, cancellationToken);
        }
    }

    public async Task<IReadOnlyDictionary<Guid, WalletBalance>> BalancesAsync(AppDb db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return new Dictionary<Guid, WalletBalance>();
        }
        var wallets = await db.GetTable<WalletRow>().Where(w => userIds.Contains(w.UserId)).ToListAsync(cancellationToken);
        var accounts = (await _ledger.AccountsAsync(db, wallets.Select(w => w.AccountId).ToArray(), cancellationToken)).ToDictionary(a => a.Id);
        return wallets.Where(w => accounts.ContainsKey(w.AccountId))
            .ToDictionary(w => w.UserId, w => new WalletBalance(w.AccountId, w.AccountNumber, accounts[w.AccountId].BalancePaise));
    }

    public async Task<LedgerAccountInfo?> AccountOfAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        await OfAsync(db, userId, cancellationToken) is { } wallet ? (await _ledger.AccountsAsync(db, [wallet.AccountId], cancellationToken)) is [var account, ..] ? account : null : null;

    public Task<int> MarginAsync(AppDb db, Guid userId, string operatorCode, DateTime at, CancellationToken cancellationToken) =>
        Features.MarginEndpoints.InForceAsync(db, userId, operatorCode, at, cancellationToken);

    public static Task<WalletRow?> OfAsync(AppDb db, Guid userId, CancellationToken cancellationToken) =>
        db.GetTable<WalletRow>().FirstOrDefaultAsync(w => w.UserId == userId, cancellationToken);

    /// <summary>
    /// The user's wallet, opened now in a transaction of its own when they have none (a customer's POST wallet/wallets/
    /// or first add-money); of two requests racing, the second finds the first one's wallet.
    /// </summary>
    public async Task<(WalletRow Wallet, bool Opened)> EnsureAsync(AppDb db, UserSummary user, CancellationToken cancellationToken)
    {
        if (await OfAsync(db, user.Id, cancellationToken) is { } existing)
        {
            return (existing, false);
        }
        try
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            var opened = await OpenInAsync(db, user, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (opened, true);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return (await OfAsync(db, user.Id, cancellationToken) ?? throw new InvalidOperationException("A wallet insert collided but no wallet exists.", ex), false);
        }
    }

    private async Task<WalletRow> OpenInAsync(AppDb db, UserSummary user, CancellationToken cancellationToken)
    {
        var account = await _ledger.OpenWithinAsync(db, new NewAccount(AccountKinds.Wallet, user.Id, user.UserCode, user.BranchCode, FloorPaise: 0, InterestRateBp: 0,
            SingleLimitPaise: null, DailyLimitPaise: null), cancellationToken);
        var row = new WalletRow
        {
            AccountId = account.Id, UserId = user.Id, UserCode = user.UserCode, AccountNumber = account.AccountNumber, Tier = user.Tier, BranchCode = user.BranchCode,
            CreatedAt = Now,
        };
        await db.InsertAsync(row, token: cancellationToken);
        return row;
    }

    private DateTime Now => Instants.StoredNow(_clock);
}
