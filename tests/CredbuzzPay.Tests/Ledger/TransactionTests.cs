using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Ledger;

public sealed class TransactionTests
{
    [Theory, EngineData]
    public async Task Transfer_ToAnotherCustomer_ChargesSeed001sFee_AndShowsOnlyTheCallersOwnBalance(string engine)
    {
        var host = ApiHost.For(engine);
        var payer = await LedgerFlow.CustomerAsync(host);
        var payee = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(payer, "1000.00");
        var to = await LedgerFlow.FundedAsync(payee, "1000.00");

        var response = await payer.Client.PostAsJsonAsync("/api/v1/transactions/",
            new { transaction_type = "TRANSFER", from_account_number = from, to_account_number = to, amount = "100.00", description = "Transfer to savings" });
        var raw = await response.Content.ReadAsStringAsync();
        var txn = await KycFlow.OkJsonAsync(response, HttpStatusCode.Created);

        Assert.Matches("^TXN[A-Z0-9]{12}$", txn.GetProperty("transaction_id").GetString());
        Assert.Equal("TRANSFER", txn.GetProperty("transaction_type").GetString());
        Assert.Equal("100.00", txn.GetProperty("amount").GetString());
        Assert.Equal("1.00", txn.GetProperty("fee").GetString());
        Assert.Equal("COMPLETED", txn.GetProperty("status").GetString());
        Assert.Equal(from, txn.GetProperty("from_account").GetProperty("account_number").GetString());
        Assert.Equal("899.00", txn.GetProperty("from_account").GetProperty("balance").GetString());
        Assert.Equal(to, txn.GetProperty("to_account").GetProperty("account_number").GetString());
        Assert.False(txn.GetProperty("to_account").TryGetProperty("balance", out _));
        Assert.DoesNotContain("1100.00", raw, StringComparison.Ordinal);
        Assert.Equal("Transfer to savings", txn.GetProperty("description").GetString());
        Assert.True(txn.TryGetProperty("transaction_date", out _));
        Assert.True(txn.TryGetProperty("processed_date", out _));
        Assert.EndsWith($"/api/v1/transactions/{txn.GetProperty("transaction_id").GetString()}/", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        Assert.Equal("1100.00", await LedgerFlow.BalanceAsync(payee, to));
        Assert.Equal(89_900, LedgerFlow.StoredPaise(host, from));
        Assert.Equal(110_000, LedgerFlow.StoredPaise(host, to));
        var id = txn.GetProperty("transaction_id").GetString();
        // The fee went to a fee income shard in the same entry (other tests move fees at the same time: this entry's postings tell).
        Assert.Equal("100", KycFlowTests.Scalar(host, "SELECT p.amount_paise FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id " +
            $"JOIN ledger_accounts a ON a.id = p.account_id WHERE e.transaction_id = '{id}' AND a.system_code LIKE 'fee_income%'"));
        Assert.Equal("3", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE e.transaction_id = '{id}'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT SUM(p.amount_paise) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id WHERE e.transaction_id = '{id}'"));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'ledger.posted' AND target_id = '{id}'"));

        // The payee sees the transfer, with their own balance and not the payer's.
        var seen = await KycFlow.OkJsonAsync(await payee.Client.GetAsync($"/api/v1/transactions/{id}/"));
        Assert.Equal("1100.00", seen.GetProperty("to_account").GetProperty("balance").GetString());
        Assert.False(seen.GetProperty("from_account").TryGetProperty("balance", out _));
        var theirList = await payee.Client.GetStringAsync("/api/v1/transactions/");
        Assert.DoesNotContain("899.00", theirList, StringComparison.Ordinal);

        // ledger.log: one line per movement, numbers masked to their last four.
        var log = host.ReadLog("ledger");
        Assert.Contains($"{id} TRANSFER COMPLETED amount 100.00 fee 1.00 from XXXXXXXX{from[^4..]} to XXXXXXXX{to[^4..]}", log, StringComparison.Ordinal);
        Assert.DoesNotContain(from, log, StringComparison.Ordinal);
    }

    [Theory, EngineData]
    public async Task Refusals_AreProblemsWithStableCodes_AndWriteNothing(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var other = await LedgerFlow.CustomerAsync(host);
        var mine = await LedgerFlow.FundedAsync(user, "500.00");
        var second = await LedgerFlow.OpenAsync(user);
        var theirs = await LedgerFlow.FundedAsync(other, "500.00");
        // Only this test's rows are counted: other tests write to the same database at the same time.
        var mineOnly = $"FROM ledger_entries WHERE initiated_by IN ('{user.UserCode}', '{other.UserCode}')";
        var entries = KycFlowTests.Scalar(host, "SELECT COUNT(*) " + mineOnly);
        var audits = KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action LIKE 'ledger.%' AND actor IN ('{user.UserCode}', '{other.UserCode}')");

        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, theirs, mine, "1.00"), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, mine, LedgerFlow.UnusedNumber(), "1.00"), (HttpStatusCode)422, "account_not_active");
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, mine, mine, "1.00"), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, mine, theirs, "500.01"), (HttpStatusCode)422, "insufficient_funds");
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "FEE", from_account_number = mine, amount = "1.00" }), HttpStatusCode.Forbidden);
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "INTEREST", to_account_number = mine, amount = "1.00" }), HttpStatusCode.Forbidden);
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "DEPOSIT", to_account_number = theirs, amount = "1.00" }), HttpStatusCode.NotFound);
        foreach (var amount in new object[] { "0", "0.00", "-1.00", "1.001", "abc", "10000000.01", "1e3", " 5", 0, -3, 1.005, true })
        {
            var bad = await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "TRANSFER", from_account_number = mine, to_account_number = second, amount }),
                HttpStatusCode.BadRequest);
            Assert.True(bad.GetProperty("errors").TryGetProperty("amount", out _), $"amount {amount}");
        }
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "LOAN", from_account_number = mine, amount = "1.00" }), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "TRANSFER", from_account_number = mine, amount = "1.00" }), HttpStatusCode.BadRequest);

        // A frozen destination, then a frozen source.
        host.Database.Execute($"UPDATE ledger_accounts SET status = 'FROZEN' WHERE account_number = '{theirs}'");
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, mine, theirs, "1.00"), (HttpStatusCode)422, "account_not_active");
        host.Database.Execute($"UPDATE ledger_accounts SET status = 'FROZEN' WHERE account_number = '{mine}'");
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, mine, second, "1.00"), (HttpStatusCode)422, "account_not_active");
        host.Database.Execute($"UPDATE ledger_accounts SET status = 'ACTIVE' WHERE account_number IN ('{mine}', '{theirs}')");

        // KYC no longer verified: refused before anything else.
        host.Database.Execute($"UPDATE users SET kyc_status = 'action_required' WHERE user_code = '{user.UserCode}'");
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, mine, second, "1.00"), HttpStatusCode.Forbidden);
        host.Database.Execute($"UPDATE users SET kyc_status = 'verified' WHERE user_code = '{user.UserCode}'");

        Assert.Equal(entries, KycFlowTests.Scalar(host, "SELECT COUNT(*) " + mineOnly));
        Assert.Equal(audits, KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action LIKE 'ledger.%' AND actor IN ('{user.UserCode}', '{other.UserCode}')"));
        Assert.Equal(50_000, LedgerFlow.StoredPaise(host, mine));
        Assert.Equal(50_000, LedgerFlow.StoredPaise(host, theirs));

        // A number amount with two decimals is as good as a string.
        var ok = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(user.Client, new { transaction_type = "TRANSFER", from_account_number = mine, to_account_number = second, amount = 12.5 }),
            HttpStatusCode.Created);
        Assert.Equal("12.50", ok.GetProperty("amount").GetString());
        Assert.Equal(48_750, LedgerFlow.StoredPaise(host, mine));
    }

    [Theory, EngineData]
    public async Task SingleLimit_CountsAmountPlusFee(string engine)
    {
        var host = ApiHost.For(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var from = await LedgerFlow.FundedAsync(user, "20000.00");
        var to = await LedgerFlow.OpenAsync(user);
        // 10,000.00 + the 1.00 fee is over the 10,000.00 single limit; 9,999.00 + 1.00 is not.
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "10000.00"), (HttpStatusCode)422, "limit_exceeded");
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, from, to, "9999.00"), HttpStatusCode.Created);
        Assert.Equal("10000.00", await LedgerFlow.BalanceAsync(user, from));
    }

    [Theory, EngineData]
    public async Task StaffPostFeesAndInterest_InTheirReach_AndReadTransactionsThere(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host, "BLR01");
        var account = await LedgerFlow.FundedAsync(user, "100.00");
        var admin = await KycFlow.StartAsync(host, role: "admin", branch: "BLR01");
        var elsewhere = await KycFlow.StartAsync(host, role: "admin", branch: "DEL01");
        var auditor = await KycFlow.StartAsync(host, role: "auditor", branch: "HQ");

        var fee = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(admin.Client, new { transaction_type = "FEE", from_account_number = account, amount = "2.50", description = "SMS charges" }),
            HttpStatusCode.Created);
        Assert.Equal("97.50", fee.GetProperty("from_account").GetProperty("balance").GetString());
        Assert.Equal(JsonValueKindNull, fee.GetProperty("to_account").ValueKind);
        Assert.Equal("250", KycFlowTests.Scalar(host, "SELECT p.amount_paise FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id " +
            $"JOIN ledger_accounts a ON a.id = p.account_id WHERE e.transaction_id = '{fee.GetProperty("transaction_id").GetString()}' AND a.system_code = 'fee_income'"));
        var interest = await KycFlow.OkJsonAsync(await LedgerFlow.PostAsync(admin.Client, new { transaction_type = "INTEREST", to_account_number = account, amount = "0.75" }),
            HttpStatusCode.Created);
        Assert.Equal("98.25", interest.GetProperty("to_account").GetProperty("balance").GetString());
        // A fee cannot take the account below its floor either.
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(admin.Client, new { transaction_type = "FEE", from_account_number = account, amount = "98.26" }), (HttpStatusCode)422, "insufficient_funds");

        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(elsewhere.Client, new { transaction_type = "FEE", from_account_number = account, amount = "1.00" }), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await LedgerFlow.PostAsync(auditor.Client, new { transaction_type = "FEE", from_account_number = account, amount = "1.00" }), HttpStatusCode.Forbidden);

        var id = fee.GetProperty("transaction_id").GetString();
        Assert.Equal("97.50", (await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/transactions/{id}/"))).GetProperty("from_account").GetProperty("balance").GetString());
        await KycFlow.OkJsonAsync(await auditor.Client.GetAsync($"/api/v1/transactions/{id}/"));
        await LedgerFlow.ProblemAsync(await elsewhere.Client.GetAsync($"/api/v1/transactions/{id}/"), HttpStatusCode.NotFound);
        var stranger = await LedgerFlow.CustomerAsync(host);
        await LedgerFlow.ProblemAsync(await stranger.Client.GetAsync($"/api/v1/transactions/{id}/"), HttpStatusCode.NotFound);

        // Staff's account pages: branch-limited for admins, everyone for auditors, read-only.
        var seen = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/admin/accounts/?user_code={user.UserCode}"));
        Assert.Equal(account, seen.GetProperty("results")[0].GetProperty("account_number").GetString());
        Assert.Equal(user.UserCode, seen.GetProperty("results")[0].GetProperty("user_code").GetString());
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await elsewhere.Client.GetAsync($"/api/v1/admin/accounts/?user_code={user.UserCode}"))).GetProperty("count").GetInt32());
        await LedgerFlow.ProblemAsync(await elsewhere.Client.GetAsync("/api/v1/admin/accounts/?branch=BLR01"), HttpStatusCode.Forbidden);
        await LedgerFlow.ProblemAsync(await elsewhere.Client.GetAsync($"/api/v1/admin/accounts/{account}/"), HttpStatusCode.NotFound);
        Assert.Equal("98.25", (await KycFlow.OkJsonAsync(await auditor.Client.GetAsync($"/api/v1/admin/accounts/{account}/"))).GetProperty("balance").GetString());
        await LedgerFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/admin/accounts/"), HttpStatusCode.Forbidden);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Theory, EngineData]
    public async Task List_IsOwnNewestFirst_WithFilters(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var other = await LedgerFlow.CustomerAsync(host);
        var a = await LedgerFlow.FundedAsync(user, "300.00");
        var b = await LedgerFlow.OpenAsync(user);
        var theirs = await LedgerFlow.FundedAsync(other, "50.00");
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, a, b, "10.00"), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(user.Client, a, theirs, "20.00"), HttpStatusCode.Created);
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, a, b, "999.00"), (HttpStatusCode)422);

        var all = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/transactions/"));
        Assert.Equal(3, all.GetProperty("count").GetInt32());
        Assert.Equal(new[] { "20.00", "10.00", "300.00" }, all.GetProperty("results").EnumerateArray().Select(t => t.GetProperty("amount").GetString()!).ToArray());
        var deposits = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/transactions/?transaction_type=DEPOSIT"));
        Assert.Equal(1, deposits.GetProperty("count").GetInt32());
        var ofB = await KycFlow.OkJsonAsync(await user.Client.GetAsync($"/api/v1/transactions/?account_number={b}&status=COMPLETED"));
        Assert.Equal(1, ofB.GetProperty("count").GetInt32());
        var today = DateTime.UtcNow.AddHours(5.5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(3, (await KycFlow.OkJsonAsync(await user.Client.GetAsync($"/api/v1/transactions/?from={today}&to={today}"))).GetProperty("count").GetInt32());
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/transactions/?to=2020-01-01"))).GetProperty("count").GetInt32());
        await LedgerFlow.ProblemAsync(await user.Client.GetAsync($"/api/v1/transactions/?account_number={theirs}"), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/transactions/?from=yesterday"), HttpStatusCode.BadRequest);
        // The other customer sees the one transfer that reached them (and their deposit), never the payer's balance.
        var theirView = await KycFlow.OkJsonAsync(await other.Client.GetAsync("/api/v1/transactions/"));
        Assert.Equal(2, theirView.GetProperty("count").GetInt32());
        Assert.False(theirView.GetProperty("results")[0].GetProperty("from_account").TryGetProperty("balance", out _));
        Assert.Equal("70.00", theirView.GetProperty("results")[0].GetProperty("to_account").GetProperty("balance").GetString());
    }
}
