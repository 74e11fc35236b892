using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Ledger;

public sealed class AccountTests
{
    [Theory, EngineData]
    public async Task KycGate_RefusesWithSeed001sSentence_UntilTheRealKycFlowVerifiesTheUser(string engine)
    {
        var host = ApiHost.For(engine);
        var reviewer = await KycFlow.StartAsync(host, role: "super_admin", branch: "HQ");
        var early = await KycFlow.StartAsync(host, branch: "BLR01");
        var refused = await LedgerFlow.ProblemAsync(await early.Client.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "SAVINGS" }), HttpStatusCode.Forbidden);
        Assert.Equal("KYC verification required to create account. Please complete KYC verification.", refused.GetProperty("detail").GetString());
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_accounts WHERE owner_code = '{early.UserCode}'"));

        var user = await LedgerFlow.VerifiedThroughKycAsync(host, reviewer);
        var opened = await KycFlow.OkJsonAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "SAVINGS", minimum_balance = "100.00" }), HttpStatusCode.Created);

        var number = opened.GetProperty("account_number").GetString()!;
        Assert.Matches("^SAV[0-9]{9}$", number);
        Assert.Equal(LedgerFlow.Luhn(number[3..11]), number[11]);
        Assert.Equal("SAVINGS", opened.GetProperty("account_type").GetString());
        Assert.Equal("INR", opened.GetProperty("currency").GetString());
        Assert.Equal("0.00", opened.GetProperty("balance").GetString());
        Assert.Equal("0.00", opened.GetProperty("available_balance").GetString());
        Assert.Equal("ACTIVE", opened.GetProperty("status").GetString());
        Assert.Equal("3.50", opened.GetProperty("interest_rate").GetString());
        Assert.Equal("100.00", opened.GetProperty("minimum_balance").GetString());
        Assert.Equal("50000.00", opened.GetProperty("daily_transaction_limit").GetString());
        Assert.Equal("10000.00", opened.GetProperty("single_transaction_limit").GetString());
        Assert.True(opened.TryGetProperty("created_at", out _));
        Assert.True(Guid.TryParse(opened.GetProperty("id").GetString(), out _));
        Assert.Equal("10000", KycFlowTests.Scalar(host, $"SELECT floor_paise FROM ledger_accounts WHERE account_number = '{number}'"));
        Assert.Equal("BLR01", KycFlowTests.Scalar(host, $"SELECT branch_code FROM ledger_accounts WHERE account_number = '{number}'"));
        Assert.Equal("1", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail WHERE action = 'ledger.account_opened' AND target_id = 'XXXXXXXX" + number[^4..] + "'"));
    }

    [Theory, EngineData]
    public async Task OwnAccounts_ListAndRead_AnotherPersonsIsA404_AndAMistypedNumberA400(string engine)
    {
        var host = ApiHost.For(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var other = await LedgerFlow.CustomerAsync(host);
        var savings = await LedgerFlow.OpenAsync(user);
        var current = await LedgerFlow.OpenAsync(user, "CURRENT");
        var theirs = await LedgerFlow.OpenAsync(other);

        var list = await KycFlow.OkJsonAsync(await user.Client.GetAsync("/api/v1/accounts/"));
        Assert.Equal(2, list.GetProperty("count").GetInt32());
        Assert.Equal(new[] { savings, current }, list.GetProperty("results").EnumerateArray().Select(a => a.GetProperty("account_number").GetString()!).ToArray());
        Assert.StartsWith("CUR", current, StringComparison.Ordinal);
        Assert.Equal("0.00", list.GetProperty("results")[1].GetProperty("interest_rate").GetString());

        Assert.Equal(savings, (await LedgerFlow.AccountAsync(user, savings)).GetProperty("account_number").GetString());
        await LedgerFlow.ProblemAsync(await user.Client.GetAsync($"/api/v1/accounts/{theirs}/"), HttpStatusCode.NotFound);
        // One digit changed: the check digit no longer fits, refused before any lookup.
        var typo = savings[..5] + (char)('0' + (savings[5] - '0' + 1) % 10) + savings[6..];
        var problem = await LedgerFlow.ProblemAsync(await user.Client.GetAsync($"/api/v1/accounts/{typo}/"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("account_number", out _));
        await LedgerFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/accounts/SAV12345678/"), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await user.Client.GetAsync($"/api/v1/accounts/{LedgerFlow.UnusedNumber()}/"), HttpStatusCode.NotFound);
    }

    [Fact]
    public void LuhnCheckDigit_MatchesWorkedExamples()
    {
        // Worked by hand: 12345678 → doubled from the right 16,6,12,4 → 7+7+3+5+8+3+4+1 = 38 → 2.
        Assert.Equal('2', LedgerFlow.Luhn("12345678"));
        Assert.Equal('2', CredbuzzPay.Api.Modules.Ledger.Books.AccountNumbers.CheckDigit("12345678"));
        // The textbook example 7992739871 has check digit 3.
        Assert.Equal('3', CredbuzzPay.Api.Modules.Ledger.Books.AccountNumbers.CheckDigit("7992739871"));
        Assert.True(CredbuzzPay.Api.Modules.Ledger.Books.AccountNumbers.IsWellFormed("SAV123456782"));
        Assert.False(CredbuzzPay.Api.Modules.Ledger.Books.AccountNumbers.IsWellFormed("SAV123456781"));
        Assert.False(CredbuzzPay.Api.Modules.Ledger.Books.AccountNumbers.IsWellFormed("SAV213456782"));
        Assert.False(CredbuzzPay.Api.Modules.Ledger.Books.AccountNumbers.IsWellFormed("XYZ123456782"));
    }

    [Theory, EngineData]
    public void SystemAccounts_AreMadeByTheMigrations_WithWellFormedNumbers_AndAllBalancesSumToZero(string engine)
    {
        var host = ApiHost.For(engine);
        Assert.Equal("22", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM ledger_accounts WHERE kind = 'SYSTEM'"));
        foreach (var number in new[] { "SYS000000018", "SYS000000026", "SYS000000034", "SYS000000042", "SYS000000059", "SYS000000067", "SYS000000075", "SYS000000083", "SYS000000091", "SYS000000109", "SYS000000117", "SYS000000125", "SYS000000133", "SYS000000141", "SYS000000158", "SYS000001016", "SYS000001073" })
        {
            Assert.Equal(LedgerFlow.Luhn(number[3..11]), number[11]);
            Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_accounts WHERE account_number = '{number}' AND kind = 'SYSTEM' AND floor_paise IS NULL"));
        }
        Assert.Equal("8", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM ledger_accounts WHERE system_code LIKE 'fee_income%'"));
    }

    [Theory, EngineData]
    public async Task MinimumBalance_BelowTheProductFloor_IsA400_AndBadTypesToo(string engine)
    {
        await using var host = new ApiHost(engine, new Dictionary<string, string?> { ["Ledger:Products:SAVINGS:MinimumBalance"] = "500.00" });
        var user = await LedgerFlow.CustomerAsync(host);
        var low = await LedgerFlow.ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "SAVINGS", minimum_balance = "100.00" }), HttpStatusCode.BadRequest);
        Assert.True(low.GetProperty("errors").TryGetProperty("minimum_balance", out _));
        await LedgerFlow.ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "SAVINGS", minimum_balance = "1.234" }), HttpStatusCode.BadRequest);
        await LedgerFlow.ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "LOAN" }), HttpStatusCode.BadRequest);
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_accounts WHERE owner_code = '{user.UserCode}'"));
        var opened = await KycFlow.OkJsonAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/", new { account_type = "SAVINGS" }), HttpStatusCode.Created);
        Assert.Equal("500.00", opened.GetProperty("minimum_balance").GetString());
    }

    [Theory, EngineData]
    public async Task FixedDeposit_TakesItsPrincipalFromTheCustomersOwnAccount_InOneEntry(string engine)
    {
        var host = LedgerFlow.Host(engine);
        var user = await LedgerFlow.CustomerAsync(host);
        var savings = await LedgerFlow.FundedAsync(user, "5000.00");
        var deposit = await KycFlow.OkJsonAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/",
            new { account_type = "FIXED_DEPOSIT", principal = "2000.00", term_months = 12, funding_account_number = savings }), HttpStatusCode.Created);
        Assert.StartsWith("FD0", deposit.GetProperty("account_number").GetString(), StringComparison.Ordinal);
        Assert.Equal("2000.00", deposit.GetProperty("balance").GetString());
        Assert.Equal("6.50", deposit.GetProperty("interest_rate").GetString());
        Assert.Equal(12, deposit.GetProperty("term_months").GetInt32());
        Assert.Equal("3000.00", await LedgerFlow.BalanceAsync(user, savings));

        // Too big a principal moves nothing and opens nothing.
        var before = KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_accounts WHERE owner_code = '{user.UserCode}'");
        await LedgerFlow.ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/",
            new { account_type = "FIXED_DEPOSIT", principal = "3000.01", term_months = 12, funding_account_number = savings }), (HttpStatusCode)422, "insufficient_funds");
        Assert.Equal(before, KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM ledger_accounts WHERE owner_code = '{user.UserCode}'"));
        await LedgerFlow.ProblemAsync(await user.Client.PostAsJsonAsync("/api/v1/accounts/",
            new { account_type = "FIXED_DEPOSIT", principal = "10.00", term_months = 0, funding_account_number = savings }), HttpStatusCode.BadRequest);

        // No debits from a fixed deposit.
        await LedgerFlow.ProblemAsync(await LedgerFlow.TransferAsync(user.Client, deposit.GetProperty("account_number").GetString()!, savings, "1.00"), (HttpStatusCode)422, "fixed_deposit_locked");
        Assert.Equal(0, await LedgerFlow.VerifyLedgerAsync(host));
    }
}
