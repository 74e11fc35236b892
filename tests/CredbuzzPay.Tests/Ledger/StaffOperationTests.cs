using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Ledger;

/// <summary>Freeze, close, teller movements, maker-checker and reversals, through HTTP on the shared ledger host.</summary>
public sealed class StaffOperationTests
{
    [Theory, EngineData]
    public async Task Freeze_RefusesDebitsAndCreditsAlike_UntilUnfrozen_AndOnlyStaffInReachMayDoIt(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = Branch();
        var customer = await LedgerFlow.CustomerAsync(host, branch);
        var other = await LedgerFlow.CustomerAsync(host, branch);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var elsewhere = await KycFlow.StartAsync(host, "admin", Branch());
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var account = await LedgerFlow.FundedAsync(customer, "1000.00");
        var theirs = await LedgerFlow.FundedAsync(other, "1000.00");

        await LedgerFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/freeze", new { reason = "" }), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await elsewhere.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/freeze", new { reason = "fraud report" }), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await auditor.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/freeze", new { reason = "fraud report" }), HttpStatusCode.Forbidden);
        await LedgerFlow.ProblemAsync(await customer.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/freeze", new { reason = "fraud report" }), HttpStatusCode.Forbidden);
        var frozen = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/freeze", new { reason = "fraud report" }));
        Assert.Equal("FROZEN", frozen.GetProperty("status").GetString());
        await LedgerFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/freeze", new { reason = "again" }), HttpStatusCode.Conflict);

        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(customer.Client, account, theirs, "10.00"), HttpStatusCode.UnprocessableEntity, "account_not_active");
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(other.Client, theirs, account, "10.00"), HttpStatusCode.UnprocessableEntity, "account_not_active");
        await LedgerFlow.ProblemAsync(await Teller(admin, "DEPOSIT", account, "10.00"), HttpStatusCode.UnprocessableEntity, "account_not_active");
        Assert.Equal(100_000, LedgerFlow.StoredPaise(host, account));
        Assert.Equal(100_000, LedgerFlow.StoredPaise(host, theirs));

        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/unfreeze", new { reason = "cleared" }));
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(other.Client, theirs, account, "10.00"), HttpStatusCode.Created);
        Assert.Equal(101_000, LedgerFlow.StoredPaise(host, account));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'ledger.account_frozen' AND target_id = 'XXXXXXXX{account[^4..]}'"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Close_NeedsAZeroBalance_AndTheTellerWithdrawalThatEmptiesIt(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = Branch();
        var customer = await LedgerFlow.CustomerAsync(host, branch);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var account = await LedgerFlow.FundedAsync(customer, "250.00");

        var refused = await LedgerFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/close", new { reason = "customer asked" }),
            HttpStatusCode.Conflict, "account_not_empty");
        Assert.Contains("250.00", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var cash = await KycFlow.OkJsonAsync(await Teller(admin, "WITHDRAWAL", account, "250.00"), HttpStatusCode.Created);
        Assert.Equal("COMPLETED", cash.GetProperty("status").GetString());
        var closed = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/close", new { reason = "customer asked" }));
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());
        await LedgerFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/accounts/{account}/unfreeze", new { reason = "oops" }), HttpStatusCode.Conflict);
        await LedgerFlow.ProblemAsync(await Teller(admin, "DEPOSIT", account, "1.00"), HttpStatusCode.UnprocessableEntity, "account_not_active");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task MakerChecker_AMovementAtTheThresholdMovesOnlyWhenASecondStaffMemberInReachAtTheMakersLevelApproves_AndOnlyOnce(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = Branch();
        var customer = await LedgerFlow.CustomerAsync(host, branch);
        var maker = await KycFlow.StartAsync(host, "admin", branch);
        var checker = await KycFlow.StartAsync(host, "admin", branch);
        var elsewhere = await KycFlow.StartAsync(host, "admin", Branch());
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var superAdmin = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var account = await LedgerFlow.FundedAsync(customer, "100.00");

        // Below the threshold: posted at once.
        var small = await KycFlow.OkJsonAsync(await Teller(maker, "DEPOSIT", account, "49999.99"), HttpStatusCode.Created);
        Assert.Equal("COMPLETED", small.GetProperty("status").GetString());
        var balance = 100_00L + 4_999_999;
        Assert.Equal(balance, LedgerFlow.StoredPaise(host, account));

        // At the threshold: a request, and nothing moves yet.
        var response = await Teller(maker, "DEPOSIT", account, "50000.00");
        var request = await KycFlow.OkJsonAsync(response, HttpStatusCode.Accepted);
        Assert.Equal("PENDING_APPROVAL", request.GetProperty("status").GetString());
        Assert.Equal(maker.UserCode, request.GetProperty("maker_user_code").GetString());
        var id = request.GetProperty("approval_id").GetString()!;
        Assert.Matches("^APR[A-Z0-9]{10}$", id);
        Assert.Equal(balance, LedgerFlow.StoredPaise(host, account));

        await LedgerFlow.ProblemAsync(await maker.Client.PostAsync($"/api/v1/admin/approvals/{id}/approve", null), HttpStatusCode.Forbidden, "maker_cannot_approve");
        await LedgerFlow.ProblemAsync(await elsewhere.Client.PostAsync($"/api/v1/admin/approvals/{id}/approve", null), HttpStatusCode.NotFound);
        await LedgerFlow.ProblemAsync(await auditor.Client.PostAsync($"/api/v1/admin/approvals/{id}/approve", null), HttpStatusCode.Forbidden);
        await LedgerFlow.ProblemAsync(await customer.Client.PostAsync($"/api/v1/admin/approvals/{id}/approve", null), HttpStatusCode.Forbidden);
        Assert.Equal(balance, LedgerFlow.StoredPaise(host, account));
        // Auditors read the queue.
        var queue = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync($"/api/v1/admin/approvals/?status=PENDING_APPROVAL"));
        Assert.Contains(queue.GetProperty("results").EnumerateArray(), r => r.GetProperty("approval_id").GetString() == id);
        Assert.DoesNotContain((await KycFlow.OkJsonAsync(await elsewhere.Client.GetAsync("/api/v1/admin/approvals/"))).GetProperty("results").EnumerateArray(),
            r => r.GetProperty("approval_id").GetString() == id);

        var approvals = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => checker.Client.PostAsync($"/api/v1/admin/approvals/{id}/approve", null)));
        Assert.Single(approvals, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(approvals.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var approved = await KycFlow.OkJsonAsync(approvals.Single(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal("APPROVED", approved.GetProperty("status").GetString());
        Assert.Equal(checker.UserCode, approved.GetProperty("checker_user_code").GetString());
        Assert.Matches("^TXN", approved.GetProperty("transaction_id").GetString());
        balance += 5_000_000;
        Assert.Equal(balance, LedgerFlow.StoredPaise(host, account));

        // Rejected: nothing moves. An adjustment always waits, whatever its size.
        var adjustment = await KycFlow.OkJsonAsync(await maker.Client.PostAsJsonAsync("/api/v1/admin/transactions/",
            new { transaction_type = "ADJUSTMENT", account_number = account, amount = "5.00", reason = "duplicate cash entry", direction = "DEBIT" }), HttpStatusCode.Accepted);
        var rejected = await KycFlow.OkJsonAsync(await checker.Client.PostAsJsonAsync($"/api/v1/admin/approvals/{adjustment.GetProperty("approval_id").GetString()}/reject",
            new { reason = "no duplicate found" }));
        Assert.Equal("REJECTED", rejected.GetProperty("status").GetString());
        Assert.Equal(balance, LedgerFlow.StoredPaise(host, account));

        // A super_admin's request is not an admin's to approve; an expired request is nobody's.
        var senior = await KycFlow.OkJsonAsync(await Teller(superAdmin, "WITHDRAWAL", account, "60000.00"), HttpStatusCode.Accepted);
        await LedgerFlow.ProblemAsync(await checker.Client.PostAsync($"/api/v1/admin/approvals/{senior.GetProperty("approval_id").GetString()}/approve", null),
            HttpStatusCode.Forbidden, "approver_below_maker");
        host.Database.Execute($"UPDATE ledger_approvals SET expires_at = created_at WHERE approval_id = '{senior.GetProperty("approval_id").GetString()}'");
        var other = await KycFlow.StartAsync(host, "super_admin", "HQ");
        await LedgerFlow.ProblemAsync(await other.Client.PostAsync($"/api/v1/admin/approvals/{senior.GetProperty("approval_id").GetString()}/approve", null),
            HttpStatusCode.Conflict, "approval_expired");
        Assert.Equal("EXPIRED", KycFlowTests.Scalar(host, $"SELECT status FROM ledger_approvals WHERE approval_id = '{senior.GetProperty("approval_id").GetString()}'"));
        Assert.Equal(balance, LedgerFlow.StoredPaise(host, account));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Reversal_PostsACompensatingEntryOnApproval_MarksTheOriginalReversed_AndHappensAtMostOnce(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = Branch();
        var payer = await LedgerFlow.CustomerAsync(host, branch);
        var payee = await LedgerFlow.CustomerAsync(host, branch);
        var maker = await KycFlow.StartAsync(host, "admin", branch);
        var checker = await KycFlow.StartAsync(host, "admin", branch);
        var from = await LedgerFlow.FundedAsync(payer, "1000.00");
        var to = await LedgerFlow.FundedAsync(payee, "0.00");
        var transfer = await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "400.00"), HttpStatusCode.Created);
        var txn = transfer.GetProperty("transaction_id").GetString()!;

        await LedgerFlow.ProblemAsync(await maker.Client.PostAsJsonAsync($"/api/v1/admin/transactions/{txn}/reverse", new { reason = " " }), HttpStatusCode.BadRequest);
        var request = await KycFlow.OkJsonAsync(await maker.Client.PostAsJsonAsync($"/api/v1/admin/transactions/{txn}/reverse", new { reason = "sent to the wrong customer" }),
            HttpStatusCode.Accepted);
        Assert.Equal("REVERSAL", request.GetProperty("action").GetString());
        Assert.Equal(txn, request.GetProperty("reverses_transaction_id").GetString());
        await LedgerFlow.ProblemAsync(await maker.Client.PostAsJsonAsync($"/api/v1/admin/transactions/{txn}/reverse", new { reason = "again" }), HttpStatusCode.Conflict, "reversal_pending");
        Assert.Equal(40_000, LedgerFlow.StoredPaise(host, to));

        var approved = await KycFlow.OkJsonAsync(await checker.Client.PostAsync($"/api/v1/admin/approvals/{request.GetProperty("approval_id").GetString()}/approve", null));
        var reversal = approved.GetProperty("transaction_id").GetString()!;
        Assert.Equal(100_000, LedgerFlow.StoredPaise(host, from));
        Assert.Equal(0, LedgerFlow.StoredPaise(host, to));
        Assert.Equal("REVERSED", KycFlowTests.Scalar(host, $"SELECT status FROM ledger_entries WHERE transaction_id = '{txn}'"));
        Assert.Equal("REVERSAL", KycFlowTests.Scalar(host, $"SELECT entry_type FROM ledger_entries WHERE transaction_id = '{reversal}'"));
        Assert.Equal(reversal, KycFlowTests.Scalar(host, $"SELECT r.transaction_id FROM ledger_entries e JOIN ledger_entries r ON r.id = e.reversed_by WHERE e.transaction_id = '{txn}'"));
        Assert.Equal(txn, KycFlowTests.Scalar(host, $"SELECT o.transaction_id FROM ledger_entries r JOIN ledger_entries o ON o.id = r.reversal_of WHERE r.transaction_id = '{reversal}'"));
        var seen = await KycFlow.OkJsonAsync(await payer.Client.GetAsync($"/api/v1/transactions/{txn}/"));
        Assert.Equal("REVERSED", seen.GetProperty("status").GetString());

        await LedgerFlow.ProblemAsync(await maker.Client.PostAsJsonAsync($"/api/v1/admin/transactions/{txn}/reverse", new { reason = "again" }), HttpStatusCode.Conflict, "already_reversed");
        await LedgerFlow.ProblemAsync(await maker.Client.PostAsJsonAsync($"/api/v1/admin/transactions/{reversal}/reverse", new { reason = "undo" }), HttpStatusCode.UnprocessableEntity, "not_reversible");

        // The payee spent it: a reversal would overdraw them, so it is refused with what to do instead.
        var second = await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "300.00"), HttpStatusCode.Created);
        var back = await LedgerFlow.FundedAsync(payee, "0.00");
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payee.Client, to, back, "250.00"), HttpStatusCode.Created);
        var overdraw = await LedgerFlow.ProblemAsync(await maker.Client.PostAsJsonAsync($"/api/v1/admin/transactions/{second.GetProperty("transaction_id").GetString()}/reverse",
            new { reason = "wrong customer" }), HttpStatusCode.UnprocessableEntity, "reversal_would_overdraw");
        Assert.Contains("Recover the money first", overdraw.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private static Task<HttpResponseMessage> Teller(KycFlow staff, string type, string account, string amount) =>
        staff.Client.PostAsJsonAsync("/api/v1/admin/transactions/", new { transaction_type = type, account_number = account, amount, reason = "counter" });

    private static string Branch() => "BR" + KycFlow.RandomDigits(6);
}
