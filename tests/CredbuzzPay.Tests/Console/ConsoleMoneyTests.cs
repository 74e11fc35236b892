using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Access;
using CredbuzzPay.Tests.BillPay;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Loans;
using CredbuzzPay.Tests.Wallets;

namespace CredbuzzPay.Tests.Console;

/// <summary>
/// The console's actions on money and compliance: held transactions, reversals, accounts, wallets, margins, plans, fraud alerts,
/// loans, bill complaints, grievances, and the user page's activation, restore and features. Each action goes through the API's
/// handler, is refused to whoever the API refuses, and a money form sent twice moves money once (its idempotency key).
/// </summary>
public sealed class ConsoleMoneyTests
{
    private static async Task<ConsoleClient> ConsoleAsync(ApiHost host, KycFlow staff)
    {
        var console = new ConsoleClient(host);
        Assert.Equal(HttpStatusCode.Redirect, (await console.SignInAsync(staff.Registration)).StatusCode);
        return console;
    }

    private static string Scalar(ApiHost host, string sql) => Convert.ToString(host.Database.Scalar(sql), CultureInfo.InvariantCulture) ?? "";

    private static string EntryStatus(ApiHost host, string transactionId) => Scalar(host, $"SELECT status FROM ledger_entries WHERE transaction_id = '{transactionId}'");

    [Fact]
    public async Task HeldDebits_AreReleasedAndRejectedFromTheConsole_AFormSentTwiceActsOnce_AndAnAuditorSeesNoControls()
    {
        var host = LedgerFlow.Host(TestEngines.Sqlite);
        var branch = "CM" + KycFlow.RandomDigits(6);
        var payer = await LedgerFlow.CustomerAsync(host, branch);
        var payee = await LedgerFlow.CustomerAsync(host, branch);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var from = await LedgerFlow.FundedAsync(payer, "100000.00");
        var to = await LedgerFlow.FundedAsync(payee, "0.00");
        await FraudTests.SignInFromANewDeviceAsync(payer);
        await KycFlow.OkJsonAsync(await payer.Client.PostAsJsonAsync("/api/v1/user/profile/change_password",
            new { old_password = RegistrationFlow.Password, new_password = "N3w-Passw0rd#Cons", confirm_password = "N3w-Passw0rd#Cons" }));
        var released = (await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "7000.01"), HttpStatusCode.Created)).GetProperty("transaction_id").GetString()!;
        var rejected = (await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "8000.01"), HttpStatusCode.Created)).GetProperty("transaction_id").GetString()!;
        Assert.Equal("PENDING_REVIEW", EntryStatus(host, released));
        using var console = await ConsoleAsync(host, admin);
        var queue = $"/admin/transactions?status=PENDING_REVIEW&account_number={from}";

        // The list is the API's staff list: the same count, both held debits, and a fresh key in each money form.
        var (page, html) = await console.GetAsync(queue);
        var api = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/admin/transactions/?status=PENDING_REVIEW&account_number={from}"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(2, api.GetProperty("count").GetInt32());
        Assert.Contains("2 transactions · page 1 of 1", html, StringComparison.Ordinal);
        var form = ConsoleClient.RowForm(html, "release", released)!.Value;
        Assert.Equal($"{queue}&handler=release", form.Action);
        Assert.Matches("^[0-9a-f]{32}$", form.Fields.Single(f => f.Key == "idempotency_key").Value);
        Assert.Null(ConsoleClient.RowForm(html, "reverse", released));

        var (release, action, sent) = await console.RowActionAsync(queue, "release", released);
        Assert.Equal(HttpStatusCode.Redirect, release.StatusCode);
        Assert.Equal(queue, release.Headers.Location!.OriginalString);
        Assert.Equal("COMPLETED", EntryStatus(host, released));
        Assert.Equal(7000_01L, LedgerFlow.StoredPaise(host, to));

        // The same form again (a double click, a resend): the first outcome, nothing moved twice.
        var (again, _) = await console.PostAsync(action, sent, null);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(7000_01L, LedgerFlow.StoredPaise(host, to));
        Assert.Equal(100000_00L - 7000_01L, LedgerFlow.StoredPaise(host, from));
        // The key under other fields is refused; a money form without its key is refused before anything runs.
        var (reused, _) = await console.PostAsync(action, sent.Select(f => f.Key == "key" ? new KeyValuePair<string, string>("key", rejected) : f).ToList(), null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var (keyless, keylessHtml) = await console.PostAsync($"/admin/transactions?handler=reject", sent.Where(f => f.Key != "idempotency_key")
            .Select(f => f.Key == "key" ? new KeyValuePair<string, string>("key", rejected) : f).Append(new("reason", "no key")).ToList(), null);
        Assert.Equal(HttpStatusCode.BadRequest, keyless.StatusCode);
        Assert.Contains("idempotency_key", keylessHtml, StringComparison.Ordinal);
        Assert.Equal("PENDING_REVIEW", EntryStatus(host, rejected));

        var (reject, _, _) = await console.RowActionAsync(queue, "reject", rejected, ("reason", "Payer did not recognise it"));
        Assert.Equal(HttpStatusCode.Redirect, reject.StatusCode);
        Assert.Equal("FAILED", EntryStatus(host, rejected));
        Assert.Equal(100000_00L - 7000_01L, LedgerFlow.StoredPaise(host, from));
        Assert.Equal("0", Scalar(host, $"SELECT COUNT(*) FROM ledger_holds h JOIN ledger_accounts a ON a.id = h.account_id WHERE a.account_number = '{from}' AND h.status = 'ACTIVE'"));

        // A reversal from the console is a maker's request: 202-like, waiting for a checker; the money stays until approved.
        var (reverse, _, _) = await console.RowActionAsync($"/admin/transactions?transaction_id={released}", "reverse", released, ("reason", "Customer dispute upheld"));
        Assert.Equal(HttpStatusCode.Redirect, reverse.StatusCode);
        Assert.Equal("PENDING_APPROVAL", Scalar(host, $"SELECT status FROM ledger_approvals WHERE maker_code = '{admin.UserCode}' AND action = 'REVERSAL'"));
        Assert.Equal(7000_01L, LedgerFlow.StoredPaise(host, to));

        // An auditor reads the same list with no action controls, and a forged POST is refused as the API refuses it.
        using var auditorConsole = await ConsoleAsync(host, auditor);
        var (auditorPage, auditorHtml) = await auditorConsole.GetAsync($"/admin/transactions?account_number={from}");
        Assert.Equal(HttpStatusCode.OK, auditorPage.StatusCode);
        Assert.Contains(released, auditorHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=", auditorHtml, StringComparison.Ordinal);
        var (forged, _) = await auditorConsole.PostAsync("/admin/transactions?handler=reverse",
            [new("key", rejected), new("reason", "forged"), new("idempotency_key", "0123456789abcdef0123456789abcdef")], ConsoleClient.TokenIn(auditorHtml));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await console.GetAsync("/admin/transactions?status=LOST")).Response.StatusCode);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Fact]
    public async Task FraudAlertsAndAccounts_AreHandledFromTheConsole_UnderTheApisRules()
    {
        var host = LedgerFlow.Host(TestEngines.Sqlite);
        var branch = "CF" + KycFlow.RandomDigits(6);
        var payer = await LedgerFlow.CustomerAsync(host, branch);
        var payee = await LedgerFlow.CustomerAsync(host, branch);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var elsewhere = await KycFlow.StartAsync(host, "admin", "CF" + KycFlow.RandomDigits(6));
        var from = await LedgerFlow.FundedAsync(payer, "20000.00");
        var to = await LedgerFlow.FundedAsync(payee, "0.00");
        await FraudTests.SignInFromANewDeviceAsync(payer);
        await KycFlow.OkJsonAsync(await LedgerFlow.TransferAsync(payer.Client, from, to, "5000.01"), HttpStatusCode.Created);
        var alert = Scalar(host, $"SELECT alert_id FROM fraud_alerts WHERE user_code = '{payer.UserCode}'");
        Assert.NotEmpty(alert);
        using var console = await ConsoleAsync(host, admin);
        var list = $"/admin/fraud?status=OPEN";

        var (_, dashboard) = await console.GetAsync("/admin");
        Assert.Contains("Fraud alerts open, by severity", dashboard, StringComparison.Ordinal);
        var (investigate, _, _) = await console.RowActionAsync(list, "investigate", alert, ("note", "Calling the customer"));
        Assert.Equal(HttpStatusCode.Redirect, investigate.StatusCode);
        Assert.Equal("INVESTIGATING", Scalar(host, $"SELECT status FROM fraud_alerts WHERE alert_id = '{alert}'"));
        var (resolve, _, _) = await console.RowActionAsync("/admin/fraud?status=INVESTIGATING", "resolve", alert, ("note", "Customer confirmed"));
        Assert.Equal(HttpStatusCode.Redirect, resolve.StatusCode);
        Assert.Equal("RESOLVED", Scalar(host, $"SELECT status FROM fraud_alerts WHERE alert_id = '{alert}'"));
        Assert.Equal("Customer confirmed", Scalar(host, $"SELECT note FROM fraud_alerts WHERE alert_id = '{alert}'"));

        // Freeze: the API then refuses the payer's debit; unfreeze lets it through again.
        var (freeze, _, _) = await console.RowActionAsync($"/admin/accounts?user_code={payer.UserCode}", "freeze", from, ("reason", "Court order 17/2026"));
        Assert.Equal(HttpStatusCode.Redirect, freeze.StatusCode);
        Assert.Equal("FROZEN", Scalar(host, $"SELECT status FROM ledger_accounts WHERE account_number = '{from}'"));
        Assert.True((await LedgerFlow.TransferAsync(payer.Client, from, to, "1.00")).StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity);
        var (unfreeze, _, _) = await console.RowActionAsync($"/admin/accounts?user_code={payer.UserCode}", "unfreeze", from, ("reason", "Order lifted"));
        Assert.Equal(HttpStatusCode.Redirect, unfreeze.StatusCode);
        Assert.Equal("ACTIVE", Scalar(host, $"SELECT status FROM ledger_accounts WHERE account_number = '{from}'"));

        // An admin of another branch: the account is not in reach (the API's 404), and nothing changes.
        using var other = await ConsoleAsync(host, elsewhere);
        var (_, otherHtml) = await other.GetAsync("/admin/accounts");
        var (notMine, _) = await other.PostAsync("/admin/accounts?handler=freeze", [new("key", from), new("reason", "not mine")], ConsoleClient.TokenIn(otherHtml));
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        Assert.Equal("ACTIVE", Scalar(host, $"SELECT status FROM ledger_accounts WHERE account_number = '{from}'"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Fact]
    public async Task WalletsAreFundedAndDebitedFromTheConsole_Once_AndMarginsAndPlansSet()
    {
        var host = LedgerFlow.Host(TestEngines.Sqlite);
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var distributor = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        using var console = await ConsoleAsync(host, admin);
        var list = $"/admin/wallets?tier=distributor&branch={branch}";

        var (fund, action, sent) = await console.RowActionAsync(list, "fund", distributor.UserCode, ("amount", "250.00"), ("description", "Opening float"));
        Assert.Equal(HttpStatusCode.Redirect, fund.StatusCode);
        Assert.Equal(250_00L, WalletFlow.StoredPaise(host, distributor.UserCode));
        var (again, _) = await console.PostAsync(action, sent, null);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(250_00L, WalletFlow.StoredPaise(host, distributor.UserCode));
        var (badAmount, badHtml, _) = await console.RowActionAsync(list, "debit", distributor.UserCode, ("amount", "12.345"), ("description", "Too precise"));
        Assert.Equal(HttpStatusCode.BadRequest, badAmount.StatusCode);
        Assert.Equal(250_00L, WalletFlow.StoredPaise(host, distributor.UserCode));
        var (debit, _, _) = await console.RowActionAsync(list, "debit", distributor.UserCode, ("amount", "50.00"), ("description", "Correction"));
        Assert.Equal(HttpStatusCode.Redirect, debit.StatusCode);
        Assert.Equal(200_00L, WalletFlow.StoredPaise(host, distributor.UserCode));
        var (overdraw, _, _) = await console.RowActionAsync(list, "debit", distributor.UserCode, ("amount", "200.01"), ("description", "Too much"));
        Assert.True((int)overdraw.StatusCode is >= 400 and < 500);
        Assert.Equal(200_00L, WalletFlow.StoredPaise(host, distributor.UserCode));

        var (margin, _) = await console.SubmitAsync("/admin/margins", "/admin/margins?handler=set", ("userCode", distributor.UserCode), ("operatorCode", ""), ("marginPercent", "2.50"));
        Assert.Equal(HttpStatusCode.Redirect, margin.StatusCode);
        var (_, margins) = await console.GetAsync($"/admin/margins?user_code={distributor.UserCode}");
        Assert.Contains("<td>2.50</td>", margins.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var (tooHigh, _) = await console.SubmitAsync("/admin/margins", "/admin/margins?handler=set", ("userCode", distributor.UserCode), ("operatorCode", ""), ("marginPercent", "10.01"));
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);

        var description = "Console plan " + KycFlow.RandomDigits(6);
        var (plan, _) = await console.SubmitAsync("/admin/plans", "/admin/plans?handler=create", ("operatorCode", "JIO"), ("circleCode", ""), ("planType", "prepaid"),
            ("price", "299.00"), ("validityDays", "28"), ("data", "2GB/day"), ("talktime", ""), ("description", description));
        Assert.Equal(HttpStatusCode.Redirect, plan.StatusCode);
        var planId = (await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/plans/?search={Uri.EscapeDataString(description)}"))).GetProperty("results")[0].GetProperty("id").GetString()!;
        var (off, _, _) = await console.RowActionAsync($"/admin/plans?search={Uri.EscapeDataString(description)}", "deactivate", planId);
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/plans/?search={Uri.EscapeDataString(description)}"))).GetProperty("count").GetInt32());

        // An auditor sees wallets, margins and plans without any form.
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        using var reader = await ConsoleAsync(host, auditor);
        foreach (var path in new[] { list, "/admin/margins", "/admin/plans" })
        {
            var (page, html) = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("handler=", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Fact]
    public async Task ALoanIsRecommendedApprovedAndDisbursedFromTheConsole_Once_AndTheBookShowsItsBuckets()
    {
        var flow = await LoanFlow.StartAsync(TestEngines.Sqlite);
        var product = await flow.ProductAsync();
        var applied = await KycFlow.OkJsonAsync(await flow.ApplyAsync(product, "60000.00", 12), HttpStatusCode.Created);
        var id = applied.GetProperty("application_id").GetString()!;
        string Status() => Scalar(flow.Host, $"SELECT status FROM loan_applications WHERE application_id = '{id}'");
        using var maker = await ConsoleAsync(flow.Host, flow.Maker);
        using var checker = await ConsoleAsync(flow.Host, flow.Checker);

        var (recommend, _, _) = await maker.RowActionAsync("/admin/loans?status=SUBMITTED", "approve", id);
        Assert.Equal(HttpStatusCode.Redirect, recommend.StatusCode);
        Assert.Equal("RECOMMENDED", Status());
        var (own, _, _) = await maker.RowActionAsync("/admin/loans?status=RECOMMENDED", "approve", id);
        Assert.True((int)own.StatusCode is 403 or 409, $"the maker approved their own recommendation: {own.StatusCode}");
        Assert.Equal("RECOMMENDED", Status());
        var (approve, _, _) = await checker.RowActionAsync("/admin/loans?status=RECOMMENDED", "approve", id);
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.Equal("APPROVED", Status());

        var before = flow.Stored(flow.Savings);
        var (disburse, action, sent) = await checker.RowActionAsync("/admin/loans?status=APPROVED", "disburse", id);
        Assert.Equal(HttpStatusCode.Redirect, disburse.StatusCode);
        var after = flow.Stored(flow.Savings);
        var (again, _) = await checker.PostAsync(action, sent, null);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("DISBURSED", Status());
        Assert.Equal("1", Scalar(flow.Host, $"SELECT COUNT(*) FROM loans l JOIN loan_applications a ON a.id = l.application_id WHERE a.application_id = '{id}'"));
        // Net of the 1.50 % fee and 18 % GST on it, computed here: 60,000.00 - 900.00 - 162.00.
        Assert.Equal(60000_00L - 900_00L - 162_00L, after - before);
        Assert.Equal(after, flow.Stored(flow.Savings));

        var (_, book) = await checker.GetAsync("/admin/loans");
        Assert.Contains("Loan book by days past due", book, StringComparison.Ordinal);
        Assert.Contains("<tr><td>current</td><td>1</td><td>60000.00</td>", book, StringComparison.Ordinal);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(flow.Host));
    }

    [Fact]
    public async Task BillComplaintsAndGrievances_AreAnsweredFromTheConsole()
    {
        var host = await BillPaymentTests.HostAsync(TestEngines.Sqlite);
        var customer = await BillPaymentTests.FundedCustomerAsync(host, "2000.00");
        var admin = await KycFlow.StartAsync(host, "admin", Scalar(host, $"SELECT branch_code FROM users WHERE user_code = '{customer.UserCode}'"));
        var parameters = new { card_number = "5" + KycFlow.RandomDigits(11) + "4321", mobile = "97" + KycFlow.RandomDigits(8) };
        var bill = await KycFlow.OkJsonAsync(await BillPaymentTests.FetchAsync(customer, "SBIC00000NATDN", parameters));
        var paid = await KycFlow.OkJsonAsync(await BillPaymentTests.PayAsync(customer, "SBIC00000NATDN", parameters, "100.00", bill.GetProperty("fetch_id").GetString()), HttpStatusCode.Created);
        var complaint = (await KycFlow.OkJsonAsync(await customer.Client.PostAsJsonAsync($"/api/v1/bills/payments/{paid.GetProperty("payment_id").GetString()}/complaint",
            new { reason = "Debited, not credited" }), HttpStatusCode.Created)).GetProperty("complaint_id").GetString()!;
        var walletBefore = WalletFlow.StoredPaise(host, customer.UserCode);
        using var console = await ConsoleAsync(host, admin);

        var (refund, action, sent) = await console.RowActionAsync("/admin/bills/complaints?status=OPEN", "refund", complaint, ("note", "Biller confirmed no credit"));
        Assert.Equal(HttpStatusCode.Redirect, refund.StatusCode);
        var (again, _) = await console.PostAsync(action, sent, null);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("RESOLVED", Scalar(host, $"SELECT status FROM bill_complaints WHERE complaint_id = '{complaint}'"));
        // The amount and the 5.00 fee come back once, however often the form is sent.
        Assert.Equal(walletBefore + 100_00L + 5_00L, WalletFlow.StoredPaise(host, customer.UserCode));

        var reference = (await KycFlow.OkJsonAsync(await customer.Client.PostAsJsonAsync("/api/v1/privacy/grievances/",
            new { subject = "Marketing calls", details = "I withdrew consent and still get calls." }), HttpStatusCode.Created)).GetProperty("reference").GetString()!;
        var (respond, _, _) = await console.RowActionAsync("/admin/privacy/grievances?status=OPEN", "respond", reference, ("response", "Your number is off every list."));
        Assert.Equal(HttpStatusCode.Redirect, respond.StatusCode);
        Assert.Equal("RESPONDED", Scalar(host, $"SELECT status FROM privacy_grievances WHERE reference = '{reference}'"));
        var (_, answered) = await console.GetAsync("/admin/privacy/grievances?status=RESPONDED");
        Assert.Contains(reference, answered, StringComparison.Ordinal);
        Assert.Null(ConsoleClient.RowForm(answered, "respond", reference));
        var (twice, _) = await console.PostAsync("/admin/privacy/grievances?handler=respond", [new("key", reference), new("response", "A second answer to the same grievance.")], ConsoleClient.TokenIn(answered));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Fact]
    public async Task TheUserPage_SendsAnActivationCode_GrantsFeatures_AndASuperAdminRestores()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var created = await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", AccessControlTests.NewUser(branch)), HttpStatusCode.Created);
        var code = created.GetProperty("user_code").GetString()!;
        var userId = $"X'{Convert.ToHexString((byte[])host.Database.Scalar($"SELECT id FROM users WHERE user_code = '{code}'")!)}'";
        string Challenges() => Scalar(host, $"SELECT COUNT(*) FROM otp_challenges WHERE user_id = {userId} AND purpose = 'password_reset'");
        using var console = await ConsoleAsync(host, super);
        var page = $"/admin/users/{code}";

        var (_, html) = await console.GetAsync(page);
        Assert.Contains("handler=activation", html, StringComparison.Ordinal);
        // The code sent at creation is seconds old: the reset cooldown holds for staff too.
        var (tooSoon, _) = await console.SubmitAsync(page, page + "?handler=activation");
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal("1", Challenges());
        host.Database.Execute($"UPDATE otp_challenges SET last_sent_at = '{DateTime.UtcNow.AddMinutes(-5):yyyy-MM-dd HH:mm:ss.fffffff}' WHERE user_id = {userId}");
        var (sent, _) = await console.SubmitAsync(page, page + "?handler=activation");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("2", Challenges());
        Assert.Equal("1", Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'user.activation_sent' AND target_id = '{code}'"));
        // Someone who has signed in is refused: staff never start a reset on an account in use.
        var member = await KycFlow.StartAsync(host, "user", branch);
        var (_, memberHtml) = await console.GetAsync($"/admin/users/{member.UserCode}");
        Assert.DoesNotContain("handler=activation", memberHtml, StringComparison.Ordinal);
        var (inUse, _) = await console.PostAsync($"/admin/users/{member.UserCode}?handler=activation", [], ConsoleClient.TokenIn(memberHtml));
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);

        // Features: a revoke is an explicit row, and the API's own check then refuses the person.
        var features = $"/admin/users/{member.UserCode}/features";
        var (revoke, _) = await console.SubmitAsync(features, features + "?handler=change", ("featureCode", "wallet"), ("change", "revoke"));
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        var memberId = $"X'{Convert.ToHexString((byte[])host.Database.Scalar($"SELECT id FROM users WHERE user_code = '{member.UserCode}'")!)}'";
        Assert.Equal("0", Scalar(host, $"SELECT f.granted FROM user_feature_access f WHERE f.user_id = {memberId} AND f.feature_code = 'wallet'"));
        var access = await KycFlow.OkJsonAsync(await super.Client.GetAsync($"/api/v1/users/{member.UserCode}/feature-access"));
        Assert.False(access.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("feature_code").GetString() == "wallet").GetProperty("effective").GetBoolean());
        var (badChange, _) = await console.SubmitAsync(features, features + "?handler=change", ("featureCode", "wallet"), ("change", "maybe"));
        Assert.Equal(HttpStatusCode.BadRequest, badChange.StatusCode);

        // Delete, then restore by code from the users list (deleted users are in no list).
        Assert.Equal(HttpStatusCode.Redirect, (await console.SubmitAsync($"/admin/users/{member.UserCode}", $"/admin/users/{member.UserCode}?handler=delete")).Response.StatusCode);
        var (restored, _) = await console.SubmitAsync("/admin/users", "/admin/users?handler=restore", ("userCode", member.UserCode));
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal("", Scalar(host, $"SELECT deleted_at FROM users WHERE user_code = '{member.UserCode}'"));
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        using var adminConsole = await ConsoleAsync(host, admin);
        var (_, listHtml) = await adminConsole.GetAsync("/admin/users");
        Assert.DoesNotContain("handler=restore", listHtml, StringComparison.Ordinal);
        var (refused, _) = await adminConsole.PostAsync("/admin/users?handler=restore", [new("userCode", member.UserCode)], ConsoleClient.TokenIn(listHtml));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
