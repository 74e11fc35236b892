using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;

namespace CredbuzzPay.Tests.Wallets;

/// <summary>The wallet network over HTTP: business users made through the staff's own endpoints, and their wallets.</summary>
public static class WalletFlow
{
    public static string Branch() => "WB" + KycFlow.RandomDigits(6);

    /// <summary>
    /// A signed-in user moved into <paramref name="tier"/> by <paramref name="admin"/> through PUT admin/users/{code} (the "moved into
    /// the tier" path of auto-creation), KYC marked verified in the database.
    /// </summary>
    public static async Task<KycFlow> MemberAsync(ApiHost host, KycFlow admin, string branch, string tier, KycFlow? parent = null)
    {
        var user = await KycFlow.StartAsync(host, branch: branch);
        host.Database.Execute($"UPDATE users SET kyc_status = 'verified' WHERE user_code = '{user.UserCode}'");
        var body = new Dictionary<string, string> { ["tier"] = tier };
        if (parent is not null)
        {
            body["parent_user_code"] = parent.UserCode;
        }
        await KycFlow.OkJsonAsync(await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{user.UserCode}", body));
        return user;
    }

    /// <summary>The user's wallet as its owner sees it (the one row of GET wallet/wallets/).</summary>
    public static async Task<JsonElement> WalletAsync(KycFlow owner)
    {
        var list = await KycFlow.OkJsonAsync(await owner.Client.GetAsync("/api/v1/wallet/wallets/"));
        Assert.Equal(1, list.GetProperty("count").GetInt32());
        return list.GetProperty("results")[0];
    }

    public static async Task<string> BalanceAsync(KycFlow owner) => (await WalletAsync(owner)).GetProperty("balance").GetString()!;

    /// <summary>The stored balance of the user's wallet in paise, read from the database.</summary>
    public static long StoredPaise(ApiHost host, string userCode) =>
        Convert.ToInt64(host.Database.Scalar($"SELECT a.balance_paise FROM ledger_accounts a JOIN wallets w ON w.account_id = a.id WHERE w.user_code = '{userCode}'"),
            CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/wallet/" + path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }

    /// <summary>Admin funding of a user's wallet, answered 201 COMPLETED.</summary>
    public static async Task<JsonElement> FundAsync(KycFlow admin, KycFlow user, string amount)
    {
        var funded = await KycFlow.OkJsonAsync(await PostAsync(admin.Client, "add-to-wallet/", new { user_code = user.UserCode, amount, description = "float" }),
            HttpStatusCode.Created);
        Assert.Equal("COMPLETED", funded.GetProperty("status").GetString());
        return funded;
    }

    /// <summary>The postings of a transaction as (account number, paise), read from the database.</summary>
    public static IReadOnlyList<(string Account, long Paise)> Postings(ApiHost host, string transactionId)
    {
        var rows = host.Database.Query($"SELECT a.account_number, p.amount_paise FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id " +
            $"JOIN ledger_accounts a ON a.id = p.account_id WHERE e.transaction_id = '{transactionId}' ORDER BY a.account_number");
        return rows.Select(r => (Convert.ToString(r[0], CultureInfo.InvariantCulture)!, Convert.ToInt64(r[1], CultureInfo.InvariantCulture))).ToList();
    }

    public static Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null) => LedgerFlow.ProblemAsync(response, status, code);
}
