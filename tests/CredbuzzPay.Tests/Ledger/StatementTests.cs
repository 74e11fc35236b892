using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>Statements as JSON, CSV and PDF, each checked against the books (the PDF read back with PdfPig).</summary>
public sealed class StatementTests
{
    [Theory, EngineData]
    public async Task Statement_InEveryFormat_HasOneLinePerPosting_AndClosesAtTheStoredBalance(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var customer = await LedgerFlow.CustomerAsync(host);
        var other = await LedgerFlow.CustomerAsync(host);
        var account = await LedgerFlow.FundedAsync(customer, "1000.00");
        var theirs = await LedgerFlow.FundedAsync(other, "500.00");
        await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(customer.Client, new
        {
            transaction_type = "TRANSFER", from_account_number = account, to_account_number = theirs, amount = "150.25", description = "=HYPERLINK(\"http://x\"),rent",
        }), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(other.Client, theirs, account, "20.00"), HttpStatusCode.Created);
        var stored = LedgerFlow.StoredPaise(host, account);
        Assert.Equal(100_000 - 15_025 + 2_000, stored);
        var today = Today();

        var json = await KycFlow.OkJsonAsync(await customer.Client.GetAsync($"/api/v1/accounts/{account}/statement?from={today}&to={today}&format=json"));
        Assert.Equal("0.00", json.GetProperty("opening_balance").GetString());
        var lines = json.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal("1000.00", lines[0].GetProperty("credit").GetString());
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("debit").ValueKind);
        Assert.Equal("150.25", lines[1].GetProperty("debit").GetString());
        Assert.Equal("849.75", lines[1].GetProperty("balance").GetString());
        Assert.Equal("20.00", lines[2].GetProperty("credit").GetString());
        Assert.Equal(Format(stored), lines[2].GetProperty("balance").GetString());
        Assert.Equal(Format(stored), json.GetProperty("closing_balance").GetString());
        Assert.Equal("150.25", json.GetProperty("total_debits").GetString());
        Assert.Equal("1020.00", json.GetProperty("total_credits").GetString());
        Assert.Equal(today, lines[0].GetProperty("date").GetString());
        var ids = lines.Select(l => l.GetProperty("transaction_id").GetString()!).ToList();
        Assert.All(ids, id => Assert.Matches("^TXN[A-Z0-9]{12}$", id));
        // Masked owner details only.
        var raw = json.GetRawText();
        Assert.DoesNotContain(customer.Registration.Email, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(customer.Registration.Mobile[^10..], raw, StringComparison.Ordinal);
        Assert.EndsWith("***", json.GetProperty("owner").GetProperty("name").GetString(), StringComparison.Ordinal);

        var csvResponse = await customer.Client.GetAsync($"/api/v1/accounts/{account}/statement?from={today}&to={today}&format=csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var rows = Csv(await csvResponse.Content.ReadAsStringAsync());
        Assert.Equal(["date", "transaction_id", "description", "debit", "credit", "balance"], rows[0]);
        Assert.Equal("0.00", rows[1][5]);
        Assert.Equal(ids, rows.Skip(2).Take(3).Select(r => r[1]).ToList());
        Assert.StartsWith("'=HYPERLINK", rows[3][2], StringComparison.Ordinal);
        Assert.Equal(Format(stored), rows[^1][5]);
        Assert.Equal(stored, rows.Skip(2).Take(3).Sum(r => Paise(r[4]) - Paise(r[3])));

        var pdfResponse = await customer.Client.GetAsync($"/api/v1/accounts/{account}/statement?from={today}&to={today}&format=pdf");
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(account, text, StringComparison.Ordinal);
        Assert.Contains("CredbuzzPay", text, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Contains(id, text, StringComparison.Ordinal));
        Assert.Contains(Format(stored), text, StringComparison.Ordinal);
        Assert.Contains("150.25", text, StringComparison.Ordinal);
        Assert.DoesNotContain(customer.Registration.Email, text, StringComparison.OrdinalIgnoreCase);

        // Someone else's account is not there; the period is checked before anything is read.
        await LedgerFlow.ProblemAsync(await other.Client.GetAsync($"/api/v1/accounts/{account}/statement?from={today}&to={today}"), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await customer.Client.GetAsync($"/api/v1/accounts/{account}/statement?from=2026-13-01&to={today}"), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await customer.Client.GetAsync($"/api/v1/accounts/{account}/statement?from={today}&to=2020-01-01"), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await customer.Client.GetAsync($"/api/v1/accounts/{account}/statement?from=2024-01-01&to=2025-12-31&format=pdf"), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await customer.Client.GetAsync($"/api/v1/accounts/{account}/statement?from={today}&to={today}&format=xml"), HttpStatusCode.BadRequest);
    }

    [Theory, EngineData]
    public async Task Statement_OfAPastPeriod_OpensAndClosesAtTheBalancesAsOfItsDays(string engine)
    {
        var clock = new FakeTimeProvider(InterestTests.At(2026, 10, 1, 10));
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Ledger:Fees:TRANSFER:Flat"] = "0.00" }, s => s.AddSingleton<TimeProvider>(clock));
        var user = await LedgerFlow.CustomerAsync(host);
        var account = await LedgerFlow.FundedAsync(user, "5000.00", "CURRENT");
        var current = await LedgerFlow.OpenAsync(user, "CURRENT");
        clock.SetUtcNow(InterestTests.At(2026, 10, 10, 23, 50));
        var client = await InterestTests.SignInAgainAsync(host, user);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(client, account, current, "1200.00"), HttpStatusCode.Created);
        clock.SetUtcNow(InterestTests.At(2026, 10, 11, 0, 10));
        client = await InterestTests.SignInAgainAsync(host, user);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(client, account, current, "300.00"), HttpStatusCode.Created);
        clock.SetUtcNow(InterestTests.At(2026, 10, 20, 12));
        client = await InterestTests.SignInAgainAsync(host, user);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(client, current, account, "50.00"), HttpStatusCode.Created);

        // 10 October (Asia/Kolkata) holds the 23:50 transfer; the 00:10 one is the 11th's.
        var tenth = await KycFlow.OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{account}/statement?from=2026-10-10&to=2026-10-10"));
        Assert.Equal("5000.00", tenth.GetProperty("opening_balance").GetString());
        Assert.Single(tenth.GetProperty("lines").EnumerateArray());
        Assert.Equal("3800.00", tenth.GetProperty("closing_balance").GetString());
        var middle = await KycFlow.OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{account}/statement?from=2026-10-11&to=2026-10-19&format=json"));
        Assert.Equal("3800.00", middle.GetProperty("opening_balance").GetString());
        Assert.Equal("3500.00", middle.GetProperty("closing_balance").GetString());
        var before = await KycFlow.OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{account}/statement?from=2026-09-01&to=2026-09-30"));
        Assert.Equal("0.00", before.GetProperty("opening_balance").GetString());
        Assert.Equal("0.00", before.GetProperty("closing_balance").GetString());
        var all = await KycFlow.OkJsonAsync(await client.GetAsync($"/api/v1/accounts/{account}/statement?from=2026-09-01&to=2026-12-31"));
        Assert.Equal(Format(LedgerFlow.StoredPaise(host, account)), all.GetProperty("closing_balance").GetString());
        Assert.Equal(4, all.GetProperty("line_count").GetInt32());
    }

    private static string Today() => DateTime.UtcNow.AddHours(5.5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Format(long paise) => (paise / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static long Paise(string text) => text.Length == 0 ? 0 : (long)(decimal.Parse(text, CultureInfo.InvariantCulture) * 100m);

    /// <summary>RFC 4180 rows, written out here rather than taken from the service's library.</summary>
    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }
}
