using CredbuzzPay.Tests.Identity;
using System.Net;
using System.Net.Http.Json;
using CredbuzzPay.Api.Modules.Identity.Contracts;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Access;

/// <summary>Every staff endpoint, tried with every role: the declaration next to the endpoint must match this table, and the pipeline must enforce it.</summary>
public sealed class PermissionMatrixTests
{
    // METHOD path → lowest role allowed, and whether auditors may call it (read endpoints).
    private static readonly Dictionary<string, (string Minimum, bool Auditor)> Expected = new()
    {
        ["POST /api/v1/admin/users/create_user"] = (Roles.Admin, false),
        ["GET /api/v1/admin/users/list_users"] = (Roles.Admin, true),
        ["GET /api/v1/admin/users/search"] = (Roles.Admin, true),
        ["GET /api/v1/admin/users/get_user/{userCode}"] = (Roles.Admin, true),
        ["PUT /api/v1/admin/users/{userCode}"] = (Roles.Admin, false),
        ["DELETE /api/v1/admin/users/{userCode}"] = (Roles.Admin, false),
        ["POST /api/v1/admin/users/{userCode}/restore"] = (Roles.SuperAdmin, false),
        ["POST /api/v1/admin/users/{userCode}/send_activation"] = (Roles.Admin, false),
        ["GET /api/v1/admin/users/get_statistics"] = (Roles.Admin, true),
        ["GET /api/v1/admin/users/export"] = (Roles.Admin, true),
        ["POST /api/v1/admin/block/block_user"] = (Roles.Admin, false),
        ["POST /api/v1/admin/block/unblock_user"] = (Roles.Admin, false),
        ["POST /api/v1/admin/block/batch_block"] = (Roles.Admin, false),
        ["POST /api/v1/admin/roles/change_role"] = (Roles.SuperAdmin, false),
        ["POST /api/v1/admin/roles/assign_role"] = (Roles.SuperAdmin, false),
        ["POST /api/v1/admin/roles/revoke_role"] = (Roles.SuperAdmin, false),
        ["GET /api/v1/users/{userCode}/platform-access"] = (Roles.Admin, true),
        ["POST /api/v1/users/{userCode}/platform-access"] = (Roles.Admin, false),
        ["GET /api/v1/users/{userCode}/feature-access"] = (Roles.Admin, true),
        ["POST /api/v1/users/{userCode}/feature-access"] = (Roles.Admin, false),
        ["GET /api/v1/users/{userCode}/permissions"] = (Roles.Admin, true),
        ["POST /api/v1/branches/"] = (Roles.SuperAdmin, false),
        ["GET /api/v1/branches/"] = (Roles.Admin, true),
        ["GET /api/v1/branches/{branchCode}"] = (Roles.Admin, true),
        ["PUT /api/v1/branches/{branchCode}"] = (Roles.SuperAdmin, false),
        ["DELETE /api/v1/branches/{branchCode}"] = (Roles.SuperAdmin, false),
        ["POST /api/v1/branches/{branchCode}/restore"] = (Roles.SuperAdmin, false),
        ["POST /api/v1/features/"] = (Roles.SuperAdmin, false),
        ["GET /api/v1/features/"] = (Roles.Admin, true),
        ["PUT /api/v1/features/{featureCode}"] = (Roles.SuperAdmin, false),
        ["DELETE /api/v1/features/{featureCode}"] = (Roles.SuperAdmin, false),
        ["POST /api/v1/features/{featureCode}/restore"] = (Roles.SuperAdmin, false),
        ["GET /api/v1/admin/accounts/"] = (Roles.Admin, true),
        ["GET /api/v1/admin/transactions/"] = (Roles.Admin, true),
        ["GET /api/v1/admin/accounts/{accountNumber}/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/accounts/{accountNumber}/freeze"] = (Roles.Admin, false),
        ["POST /api/v1/admin/accounts/{accountNumber}/unfreeze"] = (Roles.Admin, false),
        ["POST /api/v1/admin/accounts/{accountNumber}/close"] = (Roles.Admin, false),
        ["POST /api/v1/admin/transactions/"] = (Roles.Admin, false),
        ["POST /api/v1/admin/transactions/{transactionId}/reverse"] = (Roles.Admin, false),
        ["POST /api/v1/admin/transactions/{transactionId}/release"] = (Roles.Admin, false),
        ["POST /api/v1/admin/transactions/{transactionId}/reject"] = (Roles.Admin, false),
        ["GET /api/v1/fraud-alerts/"] = (Roles.Admin, true),
        ["GET /api/v1/fraud-alerts/{alertId}/"] = (Roles.Admin, true),
        ["POST /api/v1/fraud-alerts/{alertId}/investigate"] = (Roles.Admin, false),
        ["POST /api/v1/fraud-alerts/{alertId}/resolve"] = (Roles.Admin, false),
        ["POST /api/v1/fraud-alerts/{alertId}/false_positive"] = (Roles.Admin, false),
        ["GET /api/v1/admin/approvals/"] = (Roles.Admin, true),
        ["GET /api/v1/admin/approvals/{approvalId}/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/approvals/{approvalId}/approve"] = (Roles.Admin, false),
        ["POST /api/v1/admin/approvals/{approvalId}/reject"] = (Roles.Admin, false),
        ["POST /api/v1/wallet/add-to-wallet/"] = (Roles.Admin, false),
        ["POST /api/v1/wallet/debit-from-wallet/"] = (Roles.Admin, false),
        ["POST /api/v1/plans/"] = (Roles.Admin, false),
        ["PUT /api/v1/plans/{id}/"] = (Roles.Admin, false),
        ["DELETE /api/v1/plans/{id}/"] = (Roles.Admin, false),
        ["GET /api/v1/admin/purchases/pending"] = (Roles.Admin, true),
        ["POST /api/v1/bills/billers/"] = (Roles.Admin, false),
        ["PUT /api/v1/bills/billers/{billerId}/"] = (Roles.Admin, false),
        ["GET /api/v1/admin/bills/complaints/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/bills/complaints/{complaintId}/resolve"] = (Roles.Admin, false),
        ["GET /api/v1/admin/loan-products/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/loan-products/"] = (Roles.SuperAdmin, false),
        ["PUT /api/v1/admin/loan-products/{productId}/"] = (Roles.SuperAdmin, false),
        ["GET /api/v1/admin/loans/applications/"] = (Roles.Admin, true),
        ["GET /api/v1/admin/loans/applications/{applicationId}/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/loans/applications/{applicationId}/approve"] = (Roles.Admin, false),
        ["POST /api/v1/admin/loans/applications/{applicationId}/reject"] = (Roles.Admin, false),
        ["POST /api/v1/admin/loans/applications/{applicationId}/disburse"] = (Roles.Admin, false),
        ["POST /api/v1/admin/loans/{loanId}/reschedule"] = (Roles.Admin, false),
        ["POST /api/v1/admin/loans/{loanId}/write-off"] = (Roles.Admin, false),
        ["GET /api/v1/admin/loans/requests/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/loans/requests/{requestId}/approve"] = (Roles.Admin, false),
        ["POST /api/v1/admin/loans/requests/{requestId}/reject"] = (Roles.Admin, false),
        ["GET /api/v1/admin/loans/report"] = (Roles.Admin, true),
        ["POST /api/v1/admin/privacy/notices/"] = (Roles.SuperAdmin, false),
        ["GET /api/v1/admin/privacy/grievances/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/privacy/grievances/{reference}/respond"] = (Roles.Admin, false),
        ["GET /api/v1/admin/privacy/requests/"] = (Roles.Admin, true),
        ["POST /api/v1/admin/purchases/{id}/resolve"] = (Roles.Admin, false),
        ["GET /api/v1/admin/kyc/queue"] = (Roles.Admin, false),
        ["GET /api/v1/admin/kyc/{userCode}"] = (Roles.Admin, false),
        ["POST /api/v1/admin/kyc/{userCode}/{section}/approve"] = (Roles.Admin, false),
        ["POST /api/v1/admin/kyc/{userCode}/{section}/reject"] = (Roles.Admin, false),
        ["POST /api/v1/admin/kyc/{userCode}/{section}/request_resubmission"] = (Roles.Admin, false),
        ["GET /api/v1/admin/audit/get_audit_trail"] = (Roles.Admin, true),
        ["GET /api/v1/admin/audit/get_user_audit/{userCode}"] = (Roles.Admin, true),
        ["GET /api/v1/admin/audit/export_logs"] = (Roles.Admin, true),
        ["GET /api/v1/admin/audit/get_statistics"] = (Roles.Admin, true),
        ["GET /api/v1/admin/audit/verify"] = (Roles.SuperAdmin, true),
        ["GET /api/v1/login-activity/get_user_login_history/{userCode}"] = (Roles.Admin, true),
        ["GET /api/v1/login-activity/get_failed_login_attempts"] = (Roles.Admin, true),
        ["GET /api/v1/login-activity/get_login_statistics"] = (Roles.Admin, true),
        ["GET /api/v1/admin/reports/kyc/get_kyc_report"] = (Roles.Admin, true),
        ["GET /api/v1/admin/reports/kyc/get_pending_kyc"] = (Roles.Admin, true),
        ["GET /api/v1/admin/reports/kyc/get_kyc_by_status/{status}"] = (Roles.Admin, true),
        ["GET /api/v1/admin/system/health"] = (Roles.Admin, true),
        ["GET /api/v1/admin/system/api_statistics"] = (Roles.Admin, true),
        ["GET /api/v1/admin/reports/security/get_security_summary"] = (Roles.Admin, true),
        ["GET /api/v1/admin/reports/security/get_security_alerts"] = (Roles.Admin, true),
        ["GET /api/v1/admin/reports/security/get_ip_threats"] = (Roles.SuperAdmin, true),
        ["GET /api/v1/admin/reports/security/get_suspicious_activities"] = (Roles.SuperAdmin, true),
        ["POST /api/v1/admin/security/alerts/{alertId:guid}/acknowledge"] = (Roles.Admin, false),
        ["POST /api/v1/admin/security/alerts/{alertId:guid}/resolve"] = (Roles.Admin, false),
        ["POST /api/v1/admin/security/alerts/{alertId:guid}/assign"] = (Roles.Admin, false),
        ["GET /api/v1/admin/security/ip_blocklist"] = (Roles.Admin, true),
        ["POST /api/v1/admin/security/ip_blocklist"] = (Roles.SuperAdmin, false),
        ["DELETE /api/v1/admin/security/ip_blocklist/{ipAddress}"] = (Roles.SuperAdmin, false),
        ["GET /api/v1/security/suspicious-activity/{userCode}"] = (Roles.Admin, true),
        ["GET /api/v1/reports/registration-funnel"] = (Roles.SuperAdmin, true),
    };

    private static readonly string[] AllRoles = [Roles.User, Roles.Auditor, Roles.Admin, Roles.SuperAdmin, Roles.MasterSuperadmin];

    [Fact]
    public async Task EveryStaffEndpoint_AdmitsExactlyTheRolesItDeclares_OnStaffPlatformsOnly()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Staff: e.Metadata.GetMetadata<StaffEndpoint>(), Method: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Single()))
            .Where(e => e.Staff is not null)
            .ToDictionary(e => $"{e.Method} /{e.Endpoint.RoutePattern.RawText!.TrimStart('/')}", e => e.Staff!);

        // The declarations are exactly the intended ones: nothing missing, nothing extra, nothing looser.
        Assert.Equal(Expected.Keys.Order(), endpoints.Keys.Order());
        foreach (var (key, (minimum, auditor)) in Expected)
        {
            Assert.True(endpoints[key].MinimumRole == minimum && endpoints[key].AuditorMayRead == auditor, $"{key} declares {endpoints[key]}");
        }

        var callers = new Dictionary<string, HttpClient>();
        foreach (var role in AllRoles)
        {
            callers[role] = (await KycFlow.StartAsync(host, role, branch: "MTX" + KycFlow.RandomDigits(4))).Client;
        }
        var adminOnWeb = await KycFlow.StartAsync(host, Roles.SuperAdmin, branch: "MTX0", platform: "web");

        var failures = new List<string>();
        foreach (var (key, (minimum, auditor)) in Expected)
        {
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            var method = new HttpMethod(key[..space]);
            var path = key[(space + 1)..].Replace("{userCode}", "ZZZZZZ", StringComparison.Ordinal).Replace("{branchCode}", "NOPE", StringComparison.Ordinal)
                .Replace("{featureCode}", "nope", StringComparison.Ordinal).Replace("{section}", "pan", StringComparison.Ordinal).Replace("{status}", "pending", StringComparison.Ordinal)
                .Replace("{alertId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{ipAddress}", "198.51.100.1", StringComparison.Ordinal)
                .Replace("{accountNumber}", "SAV123456782", StringComparison.Ordinal);
            foreach (var role in AllRoles)
            {
                var allowed = role == Roles.Auditor ? auditor : Hierarchy.Rank(role) >= Hierarchy.Rank(minimum) && role != Roles.User;
                var status = await SendAsync(callers[role], method, path);
                if (allowed == (status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) || status == HttpStatusCode.InternalServerError)
                {
                    failures.Add($"{key} as {role}: {(int)status}");
                }
            }
            // The same super_admin is refused everywhere when its session is on the web platform.
            if (await SendAsync(adminOnWeb.Client, method, path) != HttpStatusCode.Forbidden)
            {
                failures.Add($"{key} from the web platform was not refused");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task ARefusedStaffCall_SaysWhichPlatformOrRoleItNeeds()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var superOnWeb = await KycFlow.StartAsync(host, Roles.SuperAdmin, branch: "EXP1", platform: "web");
        var userOnPanel = await KycFlow.StartAsync(host, Roles.User, branch: "EXP1", platform: "admin_panel");

        var platform = await RegistrationFlow.ProblemAsync(await superOnWeb.Client.GetAsync("/api/v1/admin/users/list_users"), HttpStatusCode.Forbidden);
        var role = await RegistrationFlow.ProblemAsync(await userOnPanel.Client.GetAsync("/api/v1/admin/users/list_users"), HttpStatusCode.Forbidden);

        Assert.Equal("You may not do this: it needs a session opened on admin_panel or api (yours was opened on web); sign in again with platform admin_panel.",
            platform.GetProperty("detail").GetString());
        Assert.Contains("it needs the role", role.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("(yours: user)", role.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = JsonContent.Create(new { });
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
