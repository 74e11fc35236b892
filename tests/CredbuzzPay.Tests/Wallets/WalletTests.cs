using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Access;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;

namespace CredbuzzPay.Tests.Wallets;

/// <summary>Seed 002's wallets through HTTP on the shared ledger host: auto-creation, staff funding, transfers, loads and history.</summary>
public sealed class WalletTests
{
    private const string FloatAccount = "SYS000000075";

    [Theory, EngineData]
    public async Task AutoCreation_EveryPathIntoABusinessTierOpensOneWallet_CustomersOpenTheirs_AndStaffListsShowTheBalance(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var branch = await AccessControlTests.CreateBranchAsync(super);
        var admin = await KycFlow.StartAsync(host, "admin", branch);

        // Created as a distributor, and a retailer under it, by an admin.
        var distributor = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", AccessControlTests.NewUser(branch, "user", "distributor")),
            HttpStatusCode.Created);
        var distributorCode = distributor.GetProperty("user_code").GetString()!;
        var retailerRequest = AccessControlTests.NewUser(branch, "user", "retailer");
        retailerRequest["parent_user_code"] = distributorCode;
        var retailerCode = (await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", retailerRequest), HttpStatusCode.Created))
            .GetProperty("user_code").GetString()!;
        var customerCode = (await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", AccessControlTests.NewUser(branch)), HttpStatusCode.Created))
            .GetProperty("user_code").GetString()!;
        // Moved into the tier by an admin, and a retailer made by a (signed-in) distributor.
        var moved = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var made = await KycFlow.OkJsonAsync(await moved.Client.PostAsJsonAsync("/api/v1/network/retailers/", new
        {
            email = $"r{KycFlow.RandomDigits(8)}@example.com", mobile = "9" + KycFlow.RandomDigits(9), first_name = "Meena", last_name = "Shah",
        }), HttpStatusCode.Created);
        var madeCode = made.GetProperty("user_code").GetString()!;

        foreach (var (code, tier) in new[] { (distributorCode, "distributor"), (retailerCode, "retailer"), (moved.UserCode, "distributor"), (madeCode, "retailer") })
        {
            Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM wallets w JOIN ledger_accounts a ON a.id = w.account_id " +
                $"WHERE w.user_code = '{code}' AND w.tier = '{tier}' AND a.kind = 'WALLET' AND a.owner_code = '{code}' AND a.balance_paise = 0 AND a.branch_code = '{branch}'"));
        }
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM wallets WHERE user_code = '{customerCode}'"));
        var number = KycFlowTests.Scalar(host, $"SELECT account_number FROM wallets WHERE user_code = '{moved.UserCode}'")!;
        Assert.StartsWith("WAL", number, StringComparison.Ordinal);
        Assert.Equal(LedgerFlow.Luhn(number[3..11]), number[11]);
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'ledger.account_opened' AND target_id = 'XXXXXXXX{number[^4..]}'"));

        // The owner sees it; a second move within the tiers keeps the one wallet; moving out keeps it too (the money stays).
        var own = await WalletFlow.WalletAsync(moved);
        Assert.Equal(number, own.GetProperty("account_number").GetString());
        Assert.Equal("0.00", own.GetProperty("balance").GetString());
        Assert.Equal("ACTIVE", own.GetProperty("status").GetString());
        await KycFlow.OkJsonAsync(await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{moved.UserCode}", new { tier = "retailer" }));
        await KycFlow.OkJsonAsync(await admin.Client.PutAsJsonAsync($"/api/v1/admin/users/{moved.UserCode}", new { tier = "customer" }));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM wallets WHERE user_code = '{moved.UserCode}' AND tier = 'customer'"));
        Assert.Equal(own.GetProperty("id").GetString(), (await WalletFlow.WalletAsync(moved)).GetProperty("id").GetString());

        // A customer opens theirs: 201 once, then 200 with the same wallet.
        var customer = await KycFlow.StartAsync(host, branch: branch);
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await customer.Client.GetAsync("/api/v1/wallet/wallets/"))).GetProperty("count").GetInt32());
        var opened = await KycFlow.OkJsonAsync(await customer.Client.PostAsync("/api/v1/wallet/wallets/", null), HttpStatusCode.Created);
        var again = await KycFlow.OkJsonAsync(await customer.Client.PostAsync("/api/v1/wallet/wallets/", null));
        Assert.Equal(opened.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        await WalletFlow.ProblemAsync(await admin.Client.PostAsync("/api/v1/wallet/wallets/", null), HttpStatusCode.Forbidden);

        // Staff's user views show the balance and wallet of those that have one, and nothing for those that do not.
        await WalletFlow.FundAsync(admin, moved, "125.50");
        var list = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/admin/users/list_users?branch={branch}&page_size=100"));
        var rows = list.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("user_code").GetString()!);
        Assert.Equal("125.50", rows[moved.UserCode].GetProperty("wallet_balance").GetString());
        Assert.Equal(own.GetProperty("id").GetString(), rows[moved.UserCode].GetProperty("wallet_id").GetString());
        Assert.Equal("0.00", rows[distributorCode].GetProperty("wallet_balance").GetString());
        Assert.False(rows[customerCode].TryGetProperty("wallet_balance", out _));
        var detail = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/admin/users/get_user/{moved.UserCode}"));
        Assert.Equal("125.50", detail.GetProperty("wallet_balance").GetString());
        var staffWallets = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/wallet/wallets/?tier=retailer"));
        Assert.Contains(staffWallets.GetProperty("results").EnumerateArray(), w => w.GetProperty("user_code").GetString() == retailerCode);
        Assert.DoesNotContain(staffWallets.GetProperty("results").EnumerateArray(), w => w.GetProperty("user_code").GetString() == distributorCode);
        var elsewhere = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await elsewhere.Client.GetAsync($"/api/v1/wallet/wallets/?branch={branch}"))).GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await elsewhere.Client.GetAsync($"/api/v1/wallet/wallets/{own.GetProperty("id").GetString()}/"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await customer.Client.GetAsync($"/api/v1/wallet/wallets/{own.GetProperty("id").GetString()}/"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await admin.Client.GetAsync("/api/v1/wallet/wallets/?tier=admin"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await admin.Client.GetAsync("/api/v1/wallet/wallets/not-a-wallet/"), HttpStatusCode.BadRequest);
    }

    [Theory, EngineData]
    public async Task AddAndDebit_AdminsInReachMoveMoneyAgainstTheFloat_AtTheThresholdOnlyWithASecondApproval(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var checker = await KycFlow.StartAsync(host, "admin", branch);
        var elsewhere = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var distributor = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var retailer = await WalletFlow.MemberAsync(host, admin, branch, "retailer", distributor);

        // By email, as seed 002's example does; the float pays.
        var funded = await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(admin.Client, "add-to-wallet/",
            new { user_email = distributor.Registration.Email.ToUpperInvariant(), amount = "1000.00", description = "Initial wallet funding" }), HttpStatusCode.Created);
        Assert.Equal("COMPLETED", funded.GetProperty("status").GetString());
        Assert.Equal("1000.00", funded.GetProperty("wallet").GetProperty("balance").GetString());
        var wallet = funded.GetProperty("wallet").GetProperty("account_number").GetString()!;
        Assert.Equal([(FloatAccount, -100_000L), (wallet, 100_000L)], WalletFlow.Postings(host, funded.GetProperty("transaction_id").GetString()!).OrderBy(p => p.Account[..3]).ToList());

        var debited = await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(admin.Client, "debit-from-wallet/", new { user_code = distributor.UserCode, amount = 250 }),
            HttpStatusCode.Created);
        Assert.Equal("750.00", debited.GetProperty("wallet").GetProperty("balance").GetString());
        Assert.Equal([(FloatAccount, 25_000L), (wallet, -25_000L)], WalletFlow.Postings(host, debited.GetProperty("transaction_id").GetString()!).OrderBy(p => p.Account[..3]).ToList());
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(admin.Client, "debit-from-wallet/", new { user_code = distributor.UserCode, amount = "750.01" }),
            HttpStatusCode.UnprocessableEntity, "insufficient_funds");
        Assert.Equal(75_000, WalletFlow.StoredPaise(host, distributor.UserCode));

        // Who may not: staff of another branch (404), auditors and the network's own users (403); bad bodies are 400 before any lookup.
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(elsewhere.Client, "add-to-wallet/", new { user_code = distributor.UserCode, amount = "1.00" }), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(auditor.Client, "add-to-wallet/", new { user_code = distributor.UserCode, amount = "1.00" }), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(retailer.Client, "add-to-wallet/", new { user_code = retailer.UserCode, amount = "1.00" }), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(distributor.Client, "debit-from-wallet/", new { user_code = retailer.UserCode, amount = "1.00" }), HttpStatusCode.Forbidden);
        var bad = await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(admin.Client, "add-to-wallet/",
            new { user_code = distributor.UserCode, user_email = distributor.Registration.Email, amount = "1.001", description = new string('x', 256) }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("user_code", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("amount", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("description", out _));
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(admin.Client, "add-to-wallet/", new { user_code = "ZZZZZZ", amount = "1.00" }), HttpStatusCode.NotFound);
        var customer = await KycFlow.StartAsync(host, branch: branch);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(admin.Client, "add-to-wallet/", new { user_code = customer.UserCode, amount = "1.00" }), HttpStatusCode.NotFound, "no_wallet");

        // The same Idempotency-Key moves the money once.
        var key = Guid.NewGuid().ToString();
        var first = await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(admin.Client, "add-to-wallet/", new { user_code = retailer.UserCode, amount = "40.00" }, key), HttpStatusCode.Created);
        var replay = await WalletFlow.PostAsync(admin.Client, "add-to-wallet/", new { user_code = retailer.UserCode, amount = "40.00" }, key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(first.GetProperty("transaction_id").GetString(), (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transaction_id").GetString());
        Assert.Equal(4_000, WalletFlow.StoredPaise(host, retailer.UserCode));

        // At the threshold (Ledger:ApprovalThreshold, 50000.00): kept for a second staff member, who moves it once.
        var held = await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(admin.Client, "add-to-wallet/", new { user_code = distributor.UserCode, amount = "50000.00" }),
            HttpStatusCode.Accepted);
        Assert.Equal("PENDING_APPROVAL", held.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, held.GetProperty("transaction_id").ValueKind);
        Assert.Equal(75_000, WalletFlow.StoredPaise(host, distributor.UserCode));
        var approval = held.GetProperty("approval_id").GetString()!;
        await WalletFlow.ProblemAsync(await admin.Client.PostAsync($"/api/v1/admin/approvals/{approval}/approve", null), HttpStatusCode.Forbidden, "maker_cannot_approve");
        await KycFlow.OkJsonAsync(await checker.Client.PostAsync($"/api/v1/admin/approvals/{approval}/approve", null));
        await WalletFlow.ProblemAsync(await checker.Client.PostAsync($"/api/v1/admin/approvals/{approval}/approve", null), HttpStatusCode.Conflict, "approval_not_pending");
        Assert.Equal(5_075_000, WalletFlow.StoredPaise(host, distributor.UserCode));
        Assert.Equal("50750.00", await WalletFlow.BalanceAsync(distributor));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task Transfer_ADistributorFundsOnlyItsOwnRetailers_AndEachWalletsHistoryShowsItsSide(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var distributor = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var rival = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var retailer = await WalletFlow.MemberAsync(host, admin, branch, "retailer", distributor);
        var theirs = await WalletFlow.MemberAsync(host, admin, branch, "retailer", rival);
        var customer = await LedgerFlow.CustomerAsync(host, branch);
        await WalletFlow.FundAsync(admin, distributor, "1000.00");

        var sent = await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(distributor.Client, "transfer/", new { to_user_code = retailer.UserCode, amount = "300.00", description = "stock" }),
            HttpStatusCode.Created);
        Assert.Equal("COMPLETED", sent.GetProperty("status").GetString());
        Assert.Equal("700.00", sent.GetProperty("wallet").GetProperty("balance").GetString());
        Assert.Equal(70_000, WalletFlow.StoredPaise(host, distributor.UserCode));
        Assert.Equal(30_000, WalletFlow.StoredPaise(host, retailer.UserCode));

        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(distributor.Client, "transfer/", new { to_user_code = theirs.UserCode, amount = "1.00" }), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(distributor.Client, "transfer/", new { to_user_code = customer.UserCode, amount = "1.00" }), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(distributor.Client, "transfer/", new { to_user_code = rival.UserCode, amount = "1.00" }), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(retailer.Client, "transfer/", new { to_user_code = theirs.UserCode, amount = "1.00" }), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(admin.Client, "transfer/", new { to_user_code = retailer.UserCode, amount = "1.00" }), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(distributor.Client, "transfer/", new { to_user_code = retailer.UserCode, amount = "700.01" }),
            HttpStatusCode.UnprocessableEntity, "insufficient_funds");
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(distributor.Client, "transfer/", new { amount = "0" }), HttpStatusCode.BadRequest);
        Assert.Equal(70_000, WalletFlow.StoredPaise(host, distributor.UserCode));
        Assert.Equal(0, WalletFlow.StoredPaise(host, theirs.UserCode));

        // Each side's history, newest first, with the balance the entry left.
        var mine = await KycFlow.OkJsonAsync(await distributor.Client.GetAsync("/api/v1/wallet/transactions/"));
        Assert.Equal(2, mine.GetProperty("count").GetInt32());
        var lines = mine.GetProperty("results");
        Assert.Equal(("TRANSFER", "DEBIT", "300.00", "700.00"), Line(lines[0]));
        Assert.Equal(("DEPOSIT", "CREDIT", "1000.00", "1000.00"), Line(lines[1]));
        Assert.Equal(sent.GetProperty("transaction_id").GetString(), lines[0].GetProperty("transaction_id").GetString());
        var received = await KycFlow.OkJsonAsync(await retailer.Client.GetAsync("/api/v1/wallet/transactions/"));
        Assert.Equal(("TRANSFER", "CREDIT", "300.00", "300.00"), Line(received.GetProperty("results")[0]));
        Assert.Equal(1, (await KycFlow.OkJsonAsync(await distributor.Client.GetAsync("/api/v1/wallet/transactions/?type=deposit"))).GetProperty("count").GetInt32());
        var today = DateTime.UtcNow.AddHours(5.5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddHours(5.5).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, (await KycFlow.OkJsonAsync(await distributor.Client.GetAsync($"/api/v1/wallet/transactions/?from={today}&to={today}"))).GetProperty("count").GetInt32());
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await distributor.Client.GetAsync($"/api/v1/wallet/transactions/?from={tomorrow}"))).GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await distributor.Client.GetAsync("/api/v1/wallet/transactions/?type=RECHARGED"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await distributor.Client.GetAsync("/api/v1/wallet/transactions/?from=01-12-2026"), HttpStatusCode.BadRequest);

        // Staff read any wallet in reach by its id; nobody else reads another's.
        var walletId = (await WalletFlow.WalletAsync(retailer)).GetProperty("id").GetString();
        Assert.Equal(1, (await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/wallet/transactions/?wallet_id={walletId}"))).GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await distributor.Client.GetAsync($"/api/v1/wallet/transactions/?wallet_id={walletId}"), HttpStatusCode.NotFound);
        var elsewhere = await KycFlow.StartAsync(host, "admin", WalletFlow.Branch());
        await WalletFlow.ProblemAsync(await elsewhere.Client.GetAsync($"/api/v1/wallet/transactions/?wallet_id={walletId}"), HttpStatusCode.NotFound);
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    [Theory, EngineData]
    public async Task AddMoney_ACustomerOrRetailerLoadsThroughTheFundingProvider_ItsFirstLoadOpeningTheWallet(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var branch = WalletFlow.Branch();
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var customer = await LedgerFlow.CustomerAsync(host, branch);
        var distributor = await WalletFlow.MemberAsync(host, admin, branch, "distributor");
        var retailer = await WalletFlow.MemberAsync(host, admin, branch, "retailer", distributor);

        var loaded = await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(customer.Client, "add-money/", new { amount = "500.00" }), HttpStatusCode.Created);
        Assert.Equal("COMPLETED", loaded.GetProperty("status").GetString());
        Assert.Equal("500.00", loaded.GetProperty("wallet").GetProperty("balance").GetString());
        var wallet = loaded.GetProperty("wallet").GetProperty("account_number").GetString()!;
        Assert.Equal([("SYS000000018", -50_000L), (wallet, 50_000L)], WalletFlow.Postings(host, loaded.GetProperty("transaction_id").GetString()!).OrderBy(p => p.Account[..3]).ToList());
        // The sandbox declines an amount whose paise are 91: nothing is added.
        var declined = await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(customer.Client, "add-money/", new { amount = "20.91" }), HttpStatusCode.Created);
        Assert.Equal("FAILED", declined.GetProperty("status").GetString());
        Assert.Equal(50_000, WalletFlow.StoredPaise(host, customer.UserCode));
        await KycFlow.OkJsonAsync(await WalletFlow.PostAsync(retailer.Client, "add-money/", new { amount = "10.00" }), HttpStatusCode.Created);
        Assert.Equal(1_000, WalletFlow.StoredPaise(host, retailer.UserCode));

        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(distributor.Client, "add-money/", new { amount = "10.00" }), HttpStatusCode.Forbidden);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(customer.Client, "add-money/", new { amount = "abc" }), HttpStatusCode.BadRequest);
        var unverified = await KycFlow.StartAsync(host, branch: branch);
        await WalletFlow.ProblemAsync(await WalletFlow.PostAsync(unverified.Client, "add-money/", new { amount = "10.00" }), HttpStatusCode.Forbidden);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM wallets WHERE user_code = '{unverified.UserCode}'"));
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }

    private static (string, string, string, string?) Line(JsonElement line) =>
        (line.GetProperty("transaction_type").GetString()!, line.GetProperty("direction").GetString()!, line.GetProperty("amount").GetString()!,
            line.GetProperty("balance_after").GetString());
}
