using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>
/// A savings account for one demo user in five (at most 2,000), funded by a deposit, with a few transfers
/// between them; all through the ledger contract, so the demo books pass verify-ledger like real ones.
/// </summary>
internal sealed class LedgerDemoSeeder : IDemoSeeder
{
    private const int MaxAccounts = 2_000;
    private readonly ILedger _ledger;
    private readonly Tariff _tariff;

    public LedgerDemoSeeder(ILedger ledger, Tariff tariff)
    {
        _ledger = ledger;
        _tariff = tariff;
    }

    public int Order => 50;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        var owners = context.SeededUsers.Where((_, i) => i % 5 == 0).Take(MaxAccounts).ToList();
        var terms = _tariff.For(AccountKinds.Savings);
        var funding = await _ledger.SystemAsync(db, SystemAccounts.FundingClearing, cancellationToken);
        var accounts = new List<LedgerAccountInfo>();
        var entries = 0;
        foreach (var owner in owners)
        {
            var account = await _ledger.RunAsync(db, async books =>
            {
                var opened = await books.OpenAsync(new NewAccount(AccountKinds.Savings, owner.Id, owner.UserCode, owner.BranchCode, terms.FloorPaise, terms.InterestRateBp,
                    terms.SingleLimitPaise, terms.DailyLimitPaise));
                await books.PostAsync(new JournalDraft
                {
                    EntryType = EntryTypes.Deposit, AmountPaise = 100_000 * (1 + DemoSeedContext.Pick(50)), From = funding, To = opened,
                    InitiatedBy = "system:seed-demo", Provider = Providers.SandboxProvider.ProviderName, Description = "Demo opening deposit",
                });
                return opened;
            }, cancellationToken);
            accounts.Add(account);
            entries++;
        }
        for (var i = 0; accounts.Count > 1 && i < accounts.Count * 3; i++)
        {
            var from = accounts[DemoSeedContext.Pick(accounts.Count)];
            var to = accounts[DemoSeedContext.Pick(accounts.Count)];
            if (from.Id == to.Id)
            {
                continue;
            }
            try
            {
                await _ledger.RunAsync(db, books => books.PostAsync(new JournalDraft
                {
                    EntryType = EntryTypes.Transfer, AmountPaise = 100 * (1 + DemoSeedContext.Pick(2_000)), FeePaise = _tariff.FeeFor(EntryTypes.Transfer, 100),
                    From = from, To = to, InitiatedBy = from.OwnerCode ?? "system:seed-demo", Description = "Demo transfer",
                }), cancellationToken);
                entries++;
            }
            catch (Platform.Errors.ApiProblemException)
            {
                // A demo account that ran dry is refused like a real one; the books stay whole.
            }
        }
        return $"ledger: {accounts.Count} accounts, {entries} entries";
    }
}
