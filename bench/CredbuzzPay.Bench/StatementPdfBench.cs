using System.Diagnostics;
using System.Globalization;
using CredbuzzPay.Api.Modules.Ledger.Features.Statements;

namespace CredbuzzPay.Bench;

/// <summary>
/// A statement of <c>--lines</c> lines (default 10,000) laid out as PDF by the service's own writer, in process
/// (docs/benchmarks.md, issue 13): three warm-up runs, then <c>--runs</c> measured; prints time, size, pages and
/// the allocation of each, and reads the last run back with PdfPig to check every line is there.
/// </summary>
internal static class StatementPdfBench
{
    public static async Task<int> RunAsync(int lines, int runs)
    {
        var head = new StatementHead("SAV123456782", "SAVINGS", "INR", "A*** R***", "a***@example.com", "******3210",
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), 10_000_000);
        byte[] pdf = [];
        for (var i = 0; i < 3; i++)
        {
            (pdf, _) = await StatementWriters.PdfAsync(head, Lines(lines), CancellationToken.None);
        }
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            (pdf, var totals) = await StatementWriters.PdfAsync(head, Lines(lines), CancellationToken.None);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            times.Add(ms);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: {ms:0} ms, {pdf.Length / 1024} KiB, {totals.Lines} lines, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (1024 * 1024)} MiB allocated"));
        }
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var shown = document.GetPages().Sum(p => p.GetWords().Count(w => w.Text.StartsWith("TXN", StringComparison.Ordinal)));
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lines} lines: median {times[times.Count / 2]:0} ms, worst {times[^1]:0} ms; {document.NumberOfPages} pages; {shown} transaction ids read back"));
        return shown == lines ? 0 : 1;
    }

    private static async IAsyncEnumerable<StatementLine> Lines(int count)
    {
        var start = new DateTime(2026, 1, 1, 4, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            await Task.CompletedTask;
            var amount = i % 3 == 0 ? 250_000L + i : -(1_000L + (i % 97) * 113);
            yield return new StatementLine(start.AddMinutes(i * 52), "TXN" + i.ToString("D12", CultureInfo.InvariantCulture),
                i % 3 == 0 ? "DEPOSIT" : "TRANSFER", i % 3 == 0 ? "Salary credit" : $"Transfer to savings {i % 40}", amount);
        }
    }
}
