using System.Data;
using System.Globalization;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using CredbuzzPay.Api.Modules.Ledger.Data;
using CredbuzzPay.Api.Platform.Database;
using CredbuzzPay.Api.Platform.Errors;
using CredbuzzPay.Api.Platform.Privacy;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Statements;

/// <summary>The statement's query: Asia/Kolkata days from/to (inclusive) and json, csv or pdf.</summary>
public sealed record StatementQuery(
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "from")] string? From,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "to")] string? To,
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "format")] string? Format);

/// <summary>What a statement is about: the account, its period, the owner (masked) and the balance it opens with.</summary>
internal sealed record StatementHead(string AccountNumber, string AccountType, string Currency, string OwnerName, string OwnerEmail, string OwnerMobile,
    DateOnly From, DateOnly To, long OpeningPaise);

/// <summary>One posting on the account.</summary>
internal sealed record StatementLine(DateTime PostedAt, string TransactionId, string EntryType, string? Description, long AmountPaise)
{
    public string Day => BankingDay.Key(PostedAt);

    public string Text => string.IsNullOrWhiteSpace(Description) ? EntryType : Description;
}

/// <summary>
/// Reads a statement inside one repeatable-read transaction, so the opening balance and every line come
/// from the same snapshot of the books: opening = the balance now less everything posted since the period
/// began; the lines are that account's postings in the period, in order, streamed from the database one row
/// at a time (a year of daily activity is never held in memory). The closing balance is opening + lines.
/// </summary>
internal sealed class StatementReader
{
    /// <summary>The longest period one statement covers (five years; a PDF at most one, see <see cref="MaxPdfDays"/>).</summary>
    public const int MaxDays = 1827;

    /// <summary>A PDF is laid out in memory before it is sent: one year at most.</summary>
    public const int MaxPdfDays = 366;

    public static (DateOnly From, DateOnly To, string Format) Read(StatementQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        var from = Day(query.From, "from", errors);
        var to = Day(query.To, "to", errors);
        var format = string.IsNullOrWhiteSpace(query.Format) ? "json" : query.Format.Trim().ToLowerInvariant();
        if (format is not ("json" or "csv" or "pdf"))
        {
            errors["format"] = ["One of json, csv, pdf."];
        }
        if (from is { } f && to is { } t)
        {
            var max = format == "pdf" ? MaxPdfDays : MaxDays;
            if (t < f || t.DayNumber - f.DayNumber + 1 > max)
            {
                errors["to"] = [$"to is on or after from, and a {format} statement covers at most {max} days."];
            }
        }
        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }
        return (from!.Value, to!.Value, format);
    }

    public static async Task<StatementHead> HeadAsync(AppDb db, LedgerAccount account, UserSummary owner, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = BankingDay.StartUtc(from);
        var since = await db.GetTable<Posting>().Where(p => p.AccountId == account.Id && Instants.AtOrAfter(p.PostedAt, start)).SumAsync(p => (long?)p.AmountPaise, cancellationToken) ?? 0;
        var balance = await db.GetTable<LedgerAccount>().Where(a => a.Id == account.Id).Select(a => a.BalancePaise).FirstAsync(cancellationToken);
        return new StatementHead(account.AccountNumber, account.Kind, account.Currency, MaskedName(owner), Masks.Email(owner.Email), Masks.Phone(owner.Mobile),
            from, to, balance - since);
    }

    public static IAsyncEnumerable<StatementLine> LinesAsync(AppDb db, Guid accountId, DateOnly from, DateOnly to)
    {
        var start = BankingDay.StartUtc(from);
        var end = BankingDay.StartUtc(to.AddDays(1));
        return (from p in db.GetTable<Posting>()
                join e in db.GetTable<JournalEntry>() on p.EntryId equals e.Id
                where p.AccountId == accountId && Instants.AtOrAfter(p.PostedAt, start) && Instants.Before(p.PostedAt, end)
                orderby p.PostedAt, e.CreatedAt, p.Id
                select new StatementLine(p.PostedAt, e.TransactionId, e.EntryType, e.Description, p.AmountPaise)).AsAsyncEnumerable();
    }

    /// <summary>A repeatable-read transaction (SQLite: its read transaction is a snapshot already).</summary>
    public static Task<DataConnectionTransaction> SnapshotAsync(AppDb db, CancellationToken cancellationToken) =>
        db.Provider == DatabaseProvider.Sqlite ? db.BeginTransactionAsync(cancellationToken) : db.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>"Asha Kulkarni" → "A*** K***".</summary>
    public static string MaskedName(UserSummary owner) => MaskedName(owner.FullName);

    /// <summary>"Asha Kulkarni" → "A*** K***".</summary>
    public static string MaskedName(string name) =>
        string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => part[..1].ToUpperInvariant() + "***"));

    private static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors[field] = ["Give a day as yyyy-MM-dd (Asia/Kolkata)."];
        return null;
    }
}
