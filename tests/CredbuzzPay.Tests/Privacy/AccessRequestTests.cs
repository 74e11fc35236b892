using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CredbuzzPay.Api.Modules.Privacy.Features;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Privacy;

/// <summary>The right of access: a request, the archive built by the job with every kind of data and nobody else's, the owner-only download for 24 hours, then erased.</summary>
public sealed class AccessRequestTests
{
    [Theory, EngineData]
    public async Task AccessArchive_HoldsEachKindOfThePersonsData_MaskedAndNoOneElses_AndIsDownloadableByTheOwnerFor24Hours(string engine)
    {
        var clock = new FakeTimeProvider(InterestTests.At(2026, 12, 1, 10));
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Ledger:Fees:TRANSFER:Flat"] = "0.00" }, s => s.AddSingleton<TimeProvider>(clock));
        var person = await LedgerFlow.CustomerAsync(host);
        var savings = await LedgerFlow.FundedAsync(person, "2500.00");
        await KycFlow.OkJsonAsync(await person.SubmitAadhaarAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/grievances/", new { subject = "Statement", details = "Why was I charged a fee last week?" }),
            HttpStatusCode.Created);
        var other = await LedgerFlow.CustomerAsync(host);
        var othersAccount = await LedgerFlow.FundedAsync(other, "100.00");

        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "deletion" }), HttpStatusCode.BadRequest);
        var made = await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "access" }), HttpStatusCode.Accepted);
        var requestId = made.GetProperty("request_id").GetString()!;
        Assert.Equal("PENDING", made.GetProperty("status").GetString());
        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "access" }), HttpStatusCode.Conflict, "request_pending");
        await WalletFlow.ProblemAsync(await person.Client.GetAsync($"/api/v1/privacy/requests/{requestId}/download"), HttpStatusCode.Conflict, "archive_not_ready");
        var staff = await KycFlow.StartAsync(host, "super_admin");
        var queue = await KycFlow.OkJsonAsync(await staff.Client.GetAsync("/api/v1/admin/privacy/requests/?status=PENDING"));
        Assert.Equal(requestId, queue.GetProperty("results")[0].GetProperty("request_id").GetString());

        await RunAsync(host, clock);
        var ready = await KycFlow.OkJsonAsync(await person.Client.GetAsync($"/api/v1/privacy/requests/{requestId}"));
        Assert.Equal(("READY", $"/api/v1/privacy/requests/{requestId}/download"), (ready.GetProperty("status").GetString(), ready.GetProperty("download_url").GetString()));
        await WalletFlow.ProblemAsync(await other.Client.GetAsync($"/api/v1/privacy/requests/{requestId}"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await other.Client.GetAsync($"/api/v1/privacy/requests/{requestId}/download"), HttpStatusCode.NotFound);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM privacy_requests WHERE request_id = '{requestId}' AND archive IS NULL"));

        var download = await person.Client.GetAsync($"/api/v1/privacy/requests/{requestId}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Superset(new HashSet<string> { "README.txt", "profile.json", "kyc.json", "accounts.json", "privacy.json", "audit.json", "recharges.json", "bill_payments.json", "loans.json" },
            names.ToHashSet());
        Assert.Equal(2, names.Count(n => n.StartsWith("kyc/", StringComparison.Ordinal) && n.EndsWith(".jpg", StringComparison.Ordinal)));
        var text = string.Join("\n", zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.Ordinal)).Select(Read));
        Assert.Contains(person.Registration.Email, Read(zip.GetEntry("profile.json")!), StringComparison.Ordinal);
        Assert.Contains("\"sign_ins\"", text, StringComparison.Ordinal);
        Assert.Contains(savings, Read(zip.GetEntry("accounts.json")!), StringComparison.Ordinal);
        Assert.Contains("\"2500.00\"", Read(zip.GetEntry("accounts.json")!), StringComparison.Ordinal);
        Assert.Contains("XXXX-XXXX-" + person.Aadhaar[^4..], Read(zip.GetEntry("kyc.json")!), StringComparison.Ordinal);
        Assert.Contains("Why was I charged a fee last week?", Read(zip.GetEntry("privacy.json")!), StringComparison.Ordinal);
        Assert.Contains("privacy.request_made", Read(zip.GetEntry("audit.json")!), StringComparison.Ordinal);
        // Never the full Aadhaar; nothing of the other person's.
        Assert.DoesNotContain(person.Aadhaar, text, StringComparison.Ordinal);
        foreach (var foreign in new[] { other.Registration.Email, other.UserCode, othersAccount, other.Registration.MobileDigits })
        {
            Assert.DoesNotContain(foreign, text, StringComparison.Ordinal);
        }
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == person.Registration.Email
            && m.GetProperty("body").GetString()!.Contains(requestId, StringComparison.Ordinal));

        // After 24 hours the archive is erased and the link answers 410.
        clock.Advance(TimeSpan.FromHours(25));
        var client = await InterestTests.SignInAgainAsync(host, person);
        await RunAsync(host, clock);
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM privacy_requests WHERE request_id = '{requestId}' AND archive IS NULL AND status = 'EXPIRED'"));
        await WalletFlow.ProblemAsync(await client.GetAsync($"/api/v1/privacy/requests/{requestId}/download"), HttpStatusCode.Gone, "archive_expired");
        Assert.Equal("EXPIRED", (await KycFlow.OkJsonAsync(await client.GetAsync($"/api/v1/privacy/requests/{requestId}"))).GetProperty("status").GetString());
    }

    [Theory, EngineData]
    public async Task AccessArchive_WithFullNumbers_OnlyAfterAFreshCode_ShowsTheKycNumbersInFull(string engine)
    {
        var clock = new FakeTimeProvider(InterestTests.At(2026, 12, 1, 10));
        await using var host = new ApiHost(engine, null, s => s.AddSingleton<TimeProvider>(clock));
        var person = await KycFlow.StartAsync(host);
        await KycFlow.OkJsonAsync(await person.SubmitPanAsync(), HttpStatusCode.Created);
        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "erasure", full_numbers = true }), HttpStatusCode.BadRequest);

        var sms = person.MessagesTo(person.Registration.Mobile);
        var made = await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/requests/", new { type = "access", full_numbers = true }), HttpStatusCode.Accepted);
        var requestId = made.GetProperty("request_id").GetString()!;
        Assert.Equal(("AWAITING_OTP", true), (made.GetProperty("status").GetString(), made.GetProperty("full_numbers").GetBoolean()));
        // Not built before the code is given.
        await RunAsync(host, clock);
        Assert.Equal("AWAITING_OTP", KycFlowTests.Scalar(host, $"SELECT status FROM privacy_requests WHERE request_id = '{requestId}'"));
        var code = await person.CodeSentToAsync(person.Registration.Mobile, sms + 1);
        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync($"/api/v1/privacy/requests/{requestId}/confirm", new { otp = code == "000000" ? "111111" : "000000" }),
            HttpStatusCode.BadRequest);
        var confirmed = await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync($"/api/v1/privacy/requests/{requestId}/confirm", new { otp = code }));
        Assert.Equal("PENDING", confirmed.GetProperty("status").GetString());
        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync($"/api/v1/privacy/requests/{requestId}/confirm", new { otp = code }), HttpStatusCode.Conflict, "not_awaiting_otp");

        await RunAsync(host, clock);
        var download = await person.Client.GetAsync($"/api/v1/privacy/requests/{requestId}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()));
        Assert.Contains($"\"{person.Pan}\"", Read(zip.GetEntry("kyc.json")!), StringComparison.Ordinal);
        Assert.Contains("in full", Read(zip.GetEntry("README.txt")!), StringComparison.Ordinal);
        foreach (var action in new[] { "privacy.request_made", "privacy.request_confirmed", "privacy.archive_built", "privacy.archive_downloaded" })
        {
            Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = '{action}' AND target_id = '{requestId}'"));
        }
    }

    private static async Task RunAsync(ApiHost host, TimeProvider clock)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccessArchives>().RunAsync(clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    private static string Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
