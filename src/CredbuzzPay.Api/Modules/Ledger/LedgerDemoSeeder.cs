using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Api.Platform.Database;

namespace CredbuzzPay.Api.Modules.Ledger;

/// <summary>
/// Savings accounts for the demo users (one per five users, at most 2,000, or <c>--ledger-accounts K</c>
/// spread over them round-robin, up to 200,000), each funded by a deposit, with a few transfers between
/// them; all through the ledger contract, a hundred accounts per transaction, so the demo books pass
/// verify-ledger like real ones.
/// </summary>
internal sealed class LedgerDemoSeeder : IDemoSeeder
{
    private const int MaxAccounts = 2_000;
    private readonly IServiceScopeFactory _scopes;
    private readonly Tariff _tariff;

    public LedgerDemoSeeder(IServiceScopeFactory scopes, Tariff tariff)
    {
        _scopes = scopes;
        _tariff = tariff;
    }

    public int Order => 50;

    public async Task<string> SeedAsync(AppDb db, DemoSeedContext context, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<ILedger>();
        var wanted = int.TryParse(context.Options?["ledger-accounts"], out var asked) && asked is >= 0 and <= 200_000
            ? asked
            : Math.Min(MaxAccounts, (context.SeededUsers.Count + 4) / 5);
        var owners = context.SeededUsers.Count == 0 ? [] : Enumerable.Range(0, wanted).Select(i => context.SeededUsers[wanted <= context.SeededUsers.Count / 5 ? i * 5 : i % context.SeededUsers.Count]).ToList();
        var terms = _tariff.For(AccountKinds.Savings);
        var funding = await ledger.SystemAsync(db, SystemAccounts.FundingClearing, cancellationToken);
        var accounts = new List<LedgerAccountInfo>();
        var entries = 0;
        foreach (var batch in owners.Chunk(100))
        {
            accounts.AddRange(await ledger.RunAsync(db, async books =>
            {
                var opened = new List<LedgerAccountInfo>();
                foreach (var owner in batch)
                {
                    var account = await books.OpenAsync(new NewAccount(AccountKinds.Savings, owner.Id, owner.UserCode, owner.BranchCode, terms.FloorPaise, terms.InterestRateBp,
                        terms.SingleLimitPaise, terms.DailyLimitPaise));
                    await books.PostAsync(new JournalDraft
                    {
                        EntryType = EntryTypes.Deposit, AmountPaise = 100_000 * (1 + DemoSeedContext.Pick(50)), From = funding, To = account,
                        InitiatedBy = "system:seed-demo", Provider = Providers.SandboxProvider.ProviderName, Description = "Demo opening deposit",
                    });
                    opened.Add(account);
                }
                return opened;
            }, cancellationToken));
            entries += batch.Length;
        }
        for (var i = 0; accounts.Count > 1 && i < Math.Min(accounts.Count * 3, 6_000); i++)
        {
            var from = accounts[DemoSeedContext.Pick(accounts.Count)];
            var to = accounts[DemoSeedContext.Pick(accounts.Count)];
            if (from.Id == to.Id)
            {
                continue;
            }
            try
            {
                await ledger.RunAsync(db, books => books.PostAsync(new JournalDraft
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
