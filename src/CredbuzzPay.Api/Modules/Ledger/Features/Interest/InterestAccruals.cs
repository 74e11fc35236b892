using CredbuzzPay.Api.Modules.Ledger.Books;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Interest;

/// <summary>
/// A day's interest on every interest-bearing account: one accrual row per account and Asia/Kolkata day,
/// on the day's closing balance (the balance now, less what was posted to it since the day ended, read in
/// one statement so both come from one snapshot). The row's key makes a rerun, a second node or a restart
/// add nothing twice. Accounts are walked in key order, a batch at a time; nothing is locked.
/// </summary>
internal sealed class InterestAccruals
{
    private static readonly string[] Kinds = [AccountKinds.Savings, AccountKinds.Current, AccountKinds.FixedDeposit];
    private readonly Tariff _tariff;

    public InterestAccruals(Tariff tariff) => _tariff = tariff;

    /// <summary>Accrues <paramref name="day"/>; answers how many accounts it accrued for (0 on a rerun).</summary>
    public async Task<int> AccrueAsync(AppDb db, DateOnly day, DateTime now, CancellationToken cancellationToken)
    {
        var key = BankingDay.Key(day);
        var end = BankingDay.StartUtc(day.AddDays(1));
        var cursor = Guid.Empty;
        var accrued = 0;
        while (true)
        {
            var candidates = db.GetTable<LedgerAccount>()
                .Where(a => a.SystemCode == null && Kinds.Contains(a.Kind) && a.InterestRateBp > 0 && a.Status != AccountStatuses.Closed
                    && Instants.Before(a.CreatedAt, end) && (a.MaturesOn == null || Keys.After(a.MaturesOn, key)) && Keys.After(a.Id, cursor));
            var batch = await candidates.OrderBy(a => a.Id).Take(_tariff.DayCloseBatchSize)
                .Select(a => new
                {
                    a.Id,
                    a.BalancePaise,
                    a.InterestRateBp,
                    Since = db.GetTable<Posting>().Where(p => p.AccountId == a.Id && Instants.AtOrAfter(p.PostedAt, end)).Sum(p => (long?)p.AmountPaise),
                    Done = db.GetTable<InterestAccrual>().Any(x => x.AccountId == a.Id && x.Day == key),
                })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return accrued;
            }
            cursor = batch[^1].Id;
            var rows = batch.Where(a => !a.Done)
                .Select(a => (a.Id, a.InterestRateBp, Closing: a.BalancePaise - (a.Since ?? 0)))
                .Where(a => a.Closing > 0)
                .Select(a => new InterestAccrual
                {
                    AccountId = a.Id, Day = key, ClosingBalancePaise = a.Closing, RateBp = a.InterestRateBp,
                    Units = InterestMath.DayUnits(a.Closing, a.InterestRateBp), CreatedAt = now,
                })
                .ToList();
            if (rows.Count > 0)
            {
                await db.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = BulkCopyType.MultipleRows, MaxBatchSize = 500 }, rows, cancellationToken);
                accrued += rows.Count;
            }
        }
    }
}
