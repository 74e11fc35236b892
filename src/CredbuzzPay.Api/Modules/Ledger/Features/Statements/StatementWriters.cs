using System.Globalization;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Api.Modules.Ledger.Contracts;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CredbuzzPay.Api.Modules.Ledger.Features.Statements;

/// <summary>What a statement ended with, worked out while its lines went by.</summary>
internal sealed record StatementTotals(long ClosingPaise, long DebitsPaise, long CreditsPaise, int Lines);

/// <summary>
/// The three shapes of a statement. JSON and CSV are written as the lines arrive (flushed every few hundred);
/// the PDF (PdfPig, docs/adr/007) is laid out page by page and sent when complete.
/// </summary>
internal static class StatementWriters
{
    public const string Bank = "CredbuzzPay";
    private const int FlushEvery = 500;

    public static async Task<StatementTotals> JsonAsync(Stream body, StatementHead head, IAsyncEnumerable<StatementLine> lines, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("account_number", head.AccountNumber);
        json.WriteString("account_type", head.AccountType);
        json.WriteString("currency", head.Currency);
        json.WriteStartObject("owner");
        json.WriteString("name", head.OwnerName);
        json.WriteString("email", head.OwnerEmail);
        json.WriteString("mobile", head.OwnerMobile);
        json.WriteEndObject();
        json.WriteString("from", BankingDay.Key(head.From));
        json.WriteString("to", BankingDay.Key(head.To));
        json.WriteString("opening_balance", Money.Format(head.OpeningPaise));
        json.WriteStartArray("lines");
        var totals = await EachAsync(head, lines, async (line, balance, count) =>
        {
            json.WriteStartObject();
            json.WriteString("date", line.Day);
            json.WriteString("posted_at", line.PostedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("transaction_id", line.TransactionId);
            json.WriteString("transaction_type", line.EntryType);
            json.WriteString("description", line.Text);
            json.WriteString("debit", line.AmountPaise < 0 ? Money.Format(-line.AmountPaise) : null);
            json.WriteString("credit", line.AmountPaise > 0 ? Money.Format(line.AmountPaise) : null);
            json.WriteString("balance", Money.Format(balance));
            json.WriteEndObject();
            if (count % FlushEvery == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }, cancellationToken);
        json.WriteEndArray();
        json.WriteString("closing_balance", Money.Format(totals.ClosingPaise));
        json.WriteString("total_debits", Money.Format(totals.DebitsPaise));
        json.WriteString("total_credits", Money.Format(totals.CreditsPaise));
        json.WriteNumber("line_count", totals.Lines);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return totals;
    }

    /// <summary>CSV (RFC 4180, formula-like values escaped as the other exports do): an opening row, one row per line, a closing row.</summary>
    public static async Task<StatementTotals> CsvAsync(Stream body, StatementHead head, IAsyncEnumerable<StatementLine> lines, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using var csv = CsvHelper.CsvWriter.Create(writer, new CsvHelper.CsvWriterOptions { Injection = CsvHelper.CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, true);
        async Task RowAsync(params string[] fields)
        {
            foreach (var field in fields)
            {
                csv.WriteField(field);
            }
            await csv.EndRecordAsync(cancellationToken);
        }
        await RowAsync("date", "transaction_id", "description", "debit", "credit", "balance");
        await RowAsync(BankingDay.Key(head.From), "", "Opening balance", "", "", Money.Format(head.OpeningPaise));
        var totals = await EachAsync(head, lines, async (line, balance, count) =>
        {
            await RowAsync(line.Day, line.TransactionId, line.Text, line.AmountPaise < 0 ? Money.Format(-line.AmountPaise) : "",
                line.AmountPaise > 0 ? Money.Format(line.AmountPaise) : "", Money.Format(balance));
            if (count % FlushEvery == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }, cancellationToken);
        await RowAsync(BankingDay.Key(head.To), "", "Closing balance", Money.Format(totals.DebitsPaise), Money.Format(totals.CreditsPaise), Money.Format(totals.ClosingPaise));
        await csv.FlushAsync(cancellationToken);
        return totals;
    }

    /// <summary>A4 pages, each headed with the bank, the account, the period and the owner (masked); totals after the last line.</summary>
    public static async Task<(byte[] Pdf, StatementTotals Totals)> PdfAsync(StatementHead head, IAsyncEnumerable<StatementLine> lines, CancellationToken cancellationToken)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        const double Left = 40;
        const double Top = 800;
        const double Bottom = 50;
        const double Step = 13;
        double[] columns = [Left, 100, 205, 380, 445, 510];
        PdfPageBuilder? page = null;
        var pageNumber = 0;
        var y = 0.0;

        void NewPage()
        {
            page = builder.AddPage(PageSize.A4);
            pageNumber++;
            y = Top;
            page.AddText($"{Bank} - Statement of account", 13, new PdfPoint(Left, y), bold);
            y -= 18;
            page.AddText(Safe($"Account {head.AccountNumber} ({head.AccountType}, {head.Currency})   Period {BankingDay.Key(head.From)} to {BankingDay.Key(head.To)} (Asia/Kolkata)"),
                9, new PdfPoint(Left, y), regular);
            y -= 12;
            page.AddText(Safe($"Owner {head.OwnerName}   {head.OwnerEmail}   {head.OwnerMobile}   Page {pageNumber}"), 9, new PdfPoint(Left, y), regular);
            y -= 20;
            string[] titles = ["Date", "Transaction", "Description", "Debit", "Credit", "Balance"];
            for (var i = 0; i < titles.Length; i++)
            {
                page.AddText(titles[i], 9, new PdfPoint(columns[i], y), bold);
            }
            y -= Step;
        }

        void Row(params string[] cells)
        {
            if (page is null || y < Bottom)
            {
                NewPage();
            }
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i].Length > 0)
                {
                    page!.AddText(Safe(cells[i]), 8, new PdfPoint(columns[i], y), regular);
                }
            }
            y -= Step;
        }

        Row(BankingDay.Key(head.From), "", "Opening balance", "", "", Money.Format(head.OpeningPaise));
        var totals = await EachAsync(head, lines, (line, balance, _) =>
        {
            Row(line.Day, line.TransactionId, Clip(line.Text, 34), line.AmountPaise < 0 ? Money.Format(-line.AmountPaise) : "",
                line.AmountPaise > 0 ? Money.Format(line.AmountPaise) : "", Money.Format(balance));
            return Task.CompletedTask;
        }, cancellationToken);
        Row(BankingDay.Key(head.To), "", "Closing balance", Money.Format(totals.DebitsPaise), Money.Format(totals.CreditsPaise), Money.Format(totals.ClosingPaise));
        Row("", "", $"{totals.Lines} line(s)", "", "", "");
        return (builder.Build(), totals);
    }

    /// <summary>Runs each line with its running balance; answers the totals.</summary>
    private static async Task<StatementTotals> EachAsync(StatementHead head, IAsyncEnumerable<StatementLine> lines, Func<StatementLine, long, int, Task> write,
        CancellationToken cancellationToken)
    {
        var balance = head.OpeningPaise;
        long debits = 0, credits = 0;
        var count = 0;
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            balance += line.AmountPaise;
            if (line.AmountPaise < 0)
            {
                debits -= line.AmountPaise;
            }
            else
            {
                credits += line.AmountPaise;
            }
            count++;
            await write(line, balance, count);
        }
        return new StatementTotals(balance, debits, credits, count);
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";

    /// <summary>The standard PDF fonts carry Latin-1 only: anything else is shown as '?'.</summary>
    private static string Safe(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c is >= ' ' and <= '~' or >= '\u00A0' and <= '\u00FF' ? c : '?';
        }
    });
}
