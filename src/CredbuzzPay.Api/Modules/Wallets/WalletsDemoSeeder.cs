using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Wallets.Data;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;

namespace CredbuzzPay.Api.Modules.Wallets;

/// <summary>
/// seed 002's <c>setup_demo_data</c> for the wallet network: a wallet for every demo distributor and retailer (at most 2,000),
/// distributors funded from the platform's float, each passing part on to its retailers, and margins (distributors 2.50 %,
/// retailers 1.50 %); all through the ledger contract, so the demo books pass verify-ledger.
/// </summary>
internal sealed class WalletsDemoSeeder : IDemoSeeder
{
    private const int MaxWallets = 2_000;
    private readonly IServiceScopeFactory _scopes;

    public WalletsDemoSeeder(IServiceScopeFactory scopes) => _scopes = scopes;

    public int Order => 60;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<ILedger>();
        var users = scope.ServiceProvider.GetRequiredService<IUserDirectory>();
        var members = new List<UserSummary>();
        foreach (var chunk in context.SeededUsers.Chunk(500))
        {
            var found = await users.FindByCodesAsync(db, chunk.Select(u => u.UserCode).ToArray(), cancellationToken);
            members.AddRange(found.Values.Where(u => WalletDirectory.IsBusiness(u.Tier)));
        }
        members = members.OrderBy(u => u.Tier == Tiers.Retailer).Take(MaxWallets).ToList();
        var wallets = new Dictionary<Guid, LedgerAccountInfo>();
        foreach (var batch in members.Chunk(100))
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            foreach (var user in batch)
            {
                var account = await ledger.OpenWithinAsync(db, new NewAccount(AccountKinds.Wallet, user.Id, user.UserCode, user.BranchCode, 0, 0, null, null), cancellationToken);
                await db.InsertAsync(new WalletRow
                {
                    AccountId = account.Id, UserId = user.Id, UserCode = user.UserCode, AccountNumber = account.AccountNumber, Tier = user.Tier, BranchCode = user.BranchCode,
                    CreatedAt = context.Now,
                }, token: cancellationToken);
                await db.InsertAsync(new MarginRow
                {
                    Id = Guid.CreateVersion7(context.Now), UserId = user.Id, UserCode = user.UserCode, OperatorCode = MarginRow.AllOperators,
                    MarginBp = user.Tier == Tiers.Distributor ? 250 : 150, ValidFrom = context.Now, SetBy = "seed-demo",
                }, token: cancellationToken);
                wallets[user.Id] = account;
            }
            await transaction.CommitAsync(cancellationToken);
        }
        var float_ = await ledger.SystemAsync(db, SystemAccounts.WalletFloat, cancellationToken);
        var entries = 0;
        foreach (var distributor in members.Where(u => u.Tier == Tiers.Distributor))
        {
            await ledger.RunAsync(db, books => books.PostAsync(new JournalDraft
            {
                EntryType = EntryTypes.Deposit, AmountPaise = 5_000_000, From = float_, To = wallets[distributor.Id], InitiatedBy = "system:seed-demo", Description = "Demo float",
            }), cancellationToken);
            entries++;
        }
        foreach (var retailer in members.Where(u => u.Tier == Tiers.Retailer && u.ParentId is { } p && wallets.ContainsKey(p)))
        {
            await ledger.RunAsync(db, async books => await books.PostAsync(new JournalDraft
            {
                EntryType = EntryTypes.Transfer, AmountPaise = 500_000, From = (await ledger.AccountsAsync(books.Db, [wallets[retailer.ParentId!.Value].Id], cancellationToken))[0],
                To = wallets[retailer.Id], InitiatedBy = "system:seed-demo", Description = "Demo stock for the retailer",
            }), cancellationToken);
            entries++;
        }
        return $"wallets: {wallets.Count} wallets, {entries} funding entries, margins set";
    }
}
