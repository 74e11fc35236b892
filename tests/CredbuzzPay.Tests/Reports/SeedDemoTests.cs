using CredbuzzPay.Api.Platform.Cli;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Reports;

public sealed class SeedDemoTests
{
    [Theory, EngineData]
    public async Task SeedDemo_FillsEveryModulesTables_AndTheAuditChainStaysIntact(string engine)
    {
        using var host = new ApiHost(engine);
        var auditor = await KycFlow.StartAsync(host, "auditor", "HQ");
        var before = Convert.ToInt64(host.Database.Scalar("SELECT COUNT(*) FROM audit_trail"), System.Globalization.CultureInfo.InvariantCulture);
        var command = host.Services.GetServices<ICliCommand>().Single(c => c.Name == "seed-demo");

        var exit = await command.RunAsync(new ConfigurationBuilder().AddCommandLine(["--users", "60", "--audit-rows", "700"]).Build(), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal("60", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM users WHERE email LIKE '%@demo.invalid'"));
        Assert.Equal("180", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM login_activity WHERE identifier_mask = 'd***o@demo.invalid'"));
        // 700 rows from the audit seeder; the ledger's demo accounts and entries, and the recharges' outcomes, wrote theirs through the chain too.
        var ledgerRows = Convert.ToInt64(host.Database.Scalar("SELECT COUNT(*) FROM audit_trail WHERE action LIKE 'ledger.%'"), System.Globalization.CultureInfo.InvariantCulture);
        var rechargeRows = Convert.ToInt64(host.Database.Scalar("SELECT COUNT(*) FROM audit_trail WHERE action LIKE 'recharge.%'"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((before + 700 + ledgerRows + rechargeRows).ToString(System.Globalization.CultureInfo.InvariantCulture), KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail"));
        // One demo user in five got a funded savings account; each opening and each entry has its audit row (a recharge that ended, a second one), and the books balance.
        Assert.Equal("12", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM ledger_accounts WHERE kind = 'SAVINGS' AND owner_code IN (SELECT user_code FROM users WHERE email LIKE '%@demo.invalid')"));
        Assert.Equal(ledgerRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            KycFlowTests.Scalar(host, "SELECT (SELECT COUNT(*) FROM ledger_entries) + (SELECT COUNT(*) FROM ledger_accounts WHERE kind <> 'SYSTEM') " +
                "+ (SELECT COUNT(*) FROM ledger_entries WHERE entry_type = 'RECHARGE' AND status <> 'PENDING')"));
        // Seed 002's network: every demo distributor and retailer has a wallet, each retailer a parent distributor of its branch, and sales were made.
        Assert.Equal("30", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM wallets w JOIN users u ON u.id = w.user_id WHERE u.email LIKE '%@demo.invalid'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM users r LEFT JOIN users p ON p.id = r.parent_user_id " +
            "WHERE r.email LIKE '%@demo.invalid' AND r.tier = 'retailer' AND (p.id IS NULL OR p.tier <> 'distributor' OR p.branch_code <> r.branch_code)"));
        Assert.Equal(rechargeRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
            KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM recharge_purchases WHERE status <> 'PENDING'"));
        Assert.True(Convert.ToInt64(host.Database.Scalar("SELECT COUNT(*) FROM recharge_purchases WHERE status = 'SUCCESS'"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(0, await CredbuzzPay.Tests.Ledger.LedgerFlow.VerifyLedgerAsync(host));
        // The statistics' running totals were rebuilt to match the seeded trail.
        Assert.Equal(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_trail"), KycFlowTests.Scalar(host, "SELECT SUM(events) FROM audit_daily_counts"));
        Assert.Equal(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM (SELECT DISTINCT COALESCE(branch_code, ''), actor FROM audit_trail) t"),
            KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM audit_actor_last_seen"));
        Assert.Equal(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM login_activity WHERE outcome <> 'password_accepted'"),
            KycFlowTests.Scalar(host, "SELECT SUM(attempts) FROM login_activity_hourly"));
        Assert.Equal(KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM kyc_submissions WHERE deleted_at IS NULL"), KycFlowTests.Scalar(host, "SELECT SUM(sections) FROM kyc_daily_counts"));
        Assert.Equal("20", KycFlowTests.Scalar(host, "SELECT COUNT(*) FROM branches WHERE branch_code LIKE 'DEMO%'"));
        Assert.True(Convert.ToInt64(host.Database.Scalar("SELECT COUNT(*) FROM kyc_submissions"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var verify = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/audit/verify"));
        Assert.True(verify.GetProperty("intact").GetBoolean());
        var stats = await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/users/get_statistics"));
        Assert.True(stats.GetProperty("total_users").GetInt64() >= 61);
    }
}
