using System.Net;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Contract;

/// <summary>
/// Seed 003 endpoint by endpoint, as a client written from it calls them: the seed's request bodies
/// (raw JSON with its field names, <c>user_id</c> where it says so) and every field its example
/// response shows, with that nesting, on a real answer. The numbers are the seed's. Where the product
/// differs on purpose (docs/api-contract.md) the test says so beside the call.
/// </summary>
public sealed class SeedContractTests
{
    private static ApiHost Host => ApiHost.For(TestEngines.Sqlite);

    private static async Task<SeedClient> StaffAsync(string role = "super_admin")
    {
        var staff = await SeedClient.RegisterAsync(Host);
        await staff.SignInAsync(role, "HQ");
        return staff;
    }

    // --- Authentication (1-7) ---

    [Fact]
    public async Task Seed01To04_RegisterWithThreeFields_VerifyWithTheEmail_SignInInTwoSteps()
    {
        // SeedClient.RegisterAsync asserts each answer's seed fields; here, what they mean.
        var client = await SeedClient.RegisterAsync(Host);

        Assert.Equal(client.Email, client.Tokens.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(client.UserId, KycFlowTests.Scalar(Host, $"SELECT user_code FROM users WHERE email = '{client.Email}'"));
        Assert.Equal("", KycFlowTests.Scalar(Host, $"SELECT first_name FROM users WHERE email = '{client.Email}'")); // names come later, by update_profile
    }

    [Fact]
    public async Task Seed05_Logout()
    {
        var client = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await client.Client.PostAsync("/api/v1/auth/logout", null));

        Seed.Fields(body, "message");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
    }

    [Fact]
    public async Task Seed06And07_ForgotAndResetPassword_WithoutAConfirmation()
    {
        var client = await SeedClient.RegisterAsync(Host);
        var before = client.Messages(client.Email);

        var forgot = await Seed.OkAsync(await client.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/forgot_password", $$"""{ "email_or_mobile": "{{client.Email}}" }"""));
        Seed.Fields(forgot, "request_id", "otp_sent", "message");
        var code = await client.CodeAsync(client.Email, before + 1); // asked by email, sent by email
        var reset = await Seed.OkAsync(await client.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/reset_password",
            $$"""{ "request_id": "{{forgot.GetProperty("request_id").GetString()}}", "otp": "{{code}}", "new_password": "NewSecurePass123!x" }"""));

        Seed.Fields(reset, "message");
        var login = await client.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/login", $$"""{ "email_or_mobile": "{{client.Email}}", "password": "NewSecurePass123!x" }""");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    // --- KYC sections (8-16): multipart forms, because each carries the documents seed 004 requires ---

    [Fact]
    public async Task Seed08And09_SubmitAadhaar_ThenItsStatus()
    {
        var client = await SeedClient.RegisterAsync(Host);
        var aadhaar = KycFlow.NewAadhaar();

        var submitted = await Seed.OkAsync(await client.Client.PostAsync("/api/v1/kyc/aadhaar/submit_aadhaar", KycFlow.Form(
            new Dictionary<string, string?> { ["aadhaar_number"] = aadhaar, ["name"] = "John Doe", ["dob"] = "1990-01-15", ["gender"] = "male", ["address"] = "123 Main St, City" },
            ("front_image", KycFlow.Jpeg(), "front.jpg"), ("back_image", KycFlow.Jpeg(), "back.jpg"))), HttpStatusCode.Created);
        var status = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/kyc/aadhaar/get_aadhaar_status"));

        Seed.Fields(submitted, "id", "status", "message", "otp_sent");
        Assert.Equal("pending", submitted.GetProperty("status").GetString());
        Assert.True(submitted.GetProperty("otp_sent").GetBoolean());
        Seed.Fields(status, "id", "status", "aadhaar_number", "verified_at", "verification_score");
        Assert.Equal(submitted.GetProperty("id").GetString(), status.GetProperty("id").GetString());
        Assert.Equal("XXXX-XXXX-" + aadhaar[^4..], status.GetProperty("aadhaar_number").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("verified_at").ValueKind); // not verified yet
    }

    [Fact]
    public async Task Seed10And11_SubmitPan_ThenItsStatus()
    {
        var client = await SeedClient.RegisterAsync(Host);
        var pan = KycFlow.NewPan();

        var submitted = await Seed.OkAsync(await client.Client.PostAsync("/api/v1/kyc/pan/submit_pan", KycFlow.Form(
            new Dictionary<string, string?> { ["pan_number"] = pan, ["name"] = "John Doe", ["dob"] = "1990-01-15" }, ("pan_image", KycFlow.Png(), "pan.png"))), HttpStatusCode.Created);
        var status = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/kyc/pan/get_pan_status"));

        Seed.Fields(submitted, "id", "status", "message", "otp_sent");
        Assert.False(submitted.GetProperty("otp_sent").GetBoolean()); // PAN is checked against the register, not by a code
        Seed.Fields(status, "id", "status", "pan_number", "verified_at", "verification_score");
        // Only the last four characters: the seed's "AAAA-X-9999X" would show eight of the ten (docs/api-contract.md).
        Assert.Equal("XXXXXX" + pan[^4..], status.GetProperty("pan_number").GetString());
    }

    [Fact]
    public async Task Seed12And13_SubmitBusiness_ThenItsStatus()
    {
        var client = await SeedClient.RegisterAsync(Host);
        var fields = new Dictionary<string, string?>
        {
            ["business_name"] = "ABC Company Pvt Ltd", ["business_type"] = "private_limited", ["registration_number"] = "123456789",
            ["registration_date"] = "2020-01-01", ["address"] = "123 Business Park, City",
            // Seed 004 also asks for these, and the contacts are verified by code.
            ["city"] = "Mumbai", ["state"] = "Maharashtra", ["pincode"] = "400001", ["business_phone"] = "9" + KycFlow.RandomDigits(9), ["business_email"] = $"shop-{Guid.NewGuid():N}@example.com",
        };

        var submitted = await Seed.OkAsync(await client.Client.PostAsync("/api/v1/kyc/business/submit_business", KycFlow.Form(fields,
            ("selfie", KycFlow.Jpeg(400, 500), "me.jpg"), ("shop_images", KycFlow.Jpeg(), "shop.jpg"))), HttpStatusCode.Created);
        var status = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/kyc/business/get_business_status"));

        Seed.Fields(submitted, "id", "status", "message", "otp_sent");
        Seed.Fields(status, "id", "status", "business_name", "verified_at", "verification_score");
        Assert.Equal("ABC Company Pvt Ltd", status.GetProperty("business_name").GetString());
        Assert.Equal("pending", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Seed14And15_SubmitBank_ThenItsStatus()
    {
        var client = await SeedClient.RegisterAsync(Host);
        var account = "99" + KycFlow.RandomDigits(10);

        var submitted = await Seed.OkAsync(await client.Client.PostAsync("/api/v1/kyc/bank/submit_bank", KycFlow.Form(
            new Dictionary<string, string?>
            {
                ["account_holder_name"] = "John Doe", ["account_number"] = account, ["ifsc_code"] = "SBIN0001234", ["bank_name"] = "State Bank of India", ["account_type"] = "savings",
                ["confirm_account_number"] = account, ["branch_name"] = "Fort", // seed 004: the number typed twice, and the branch
            },
            ("bank_proof", KycFlow.Pdf(), "statement.pdf"))), HttpStatusCode.Created);
        var status = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/kyc/bank/get_bank_status"));

        Seed.Fields(submitted, "id", "status", "message", "otp_sent");
        Seed.Fields(status, "id", "status", "account_number", "verified_at", "verification_score");
        Assert.Equal("XXXX-XXXX-" + account[^4..], status.GetProperty("account_number").GetString());
    }

    [Fact]
    public async Task Seed16_KycStatus()
    {
        var client = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/kyc/status/get_kyc_status"));

        Seed.Fields(body, "completion_percentage", "status", "aadhaar.status", "pan.status", "business.status", "bank.status", "overall_score", "next_steps[]");
        Assert.Equal(0, body.GetProperty("completion_percentage").GetInt32());
        Assert.Equal("not_started", body.GetProperty("status").GetString());
    }

    // --- Profile (17-20) ---

    [Fact]
    public async Task Seed17_MyProfile()
    {
        var client = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/user/profile/my_profile"));

        Seed.Fields(body, "id", "email", "mobile", "first_name", "last_name", "profile_picture", "kyc_status", "account_status", "created_at");
        Assert.Equal(client.UserId, body.GetProperty("id").GetString());
        Assert.Equal("active", body.GetProperty("account_status").GetString());
    }

    [Fact]
    public async Task Seed18_UpdateProfile_WithTheSeedsPhone()
    {
        var client = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await client.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/user/profile/update_profile",
            $$"""{ "first_name": "John", "last_name": "Doe", "phone": "{{client.Mobile}}", "address": "123 Main St", "city": "Mumbai", "state": "Maharashtra", "pincode": "400001" }"""));

        Seed.Fields(body, "id", "message", "updated_fields");
        Assert.Equal(client.UserId, body.GetProperty("id").GetString());
        Assert.Contains("city", body.GetProperty("updated_fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("John", KycFlowTests.Scalar(Host, $"SELECT first_name FROM users WHERE user_code = '{client.UserId}'"));
        // The phone is the verified mobile: another number is refused, never silently changed.
        var other = await client.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/user/profile/update_profile", """{ "phone": "9000000001" }""");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Fact]
    public async Task Seed19_ChangePassword()
    {
        var client = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await client.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/user/profile/change_password",
            $$"""{ "old_password": "{{SeedClient.Password}}", "new_password": "NewPass123!seed" }"""));

        Seed.Fields(body, "message");
    }

    [Fact]
    public async Task Seed20_Activity()
    {
        var client = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/user/profile/get_activity"));

        Seed.Fields(body, "user_id", "last_login", "last_api_call", "active_sessions", "activities");
        Assert.Equal(client.UserId, body.GetProperty("user_id").GetString());
        Assert.Equal(1, body.GetProperty("active_sessions").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("last_api_call").ValueKind);
    }

    // --- User management (21-28) ---

    [Fact]
    public async Task Seed21_ListUsers()
    {
        var staff = await StaffAsync();
        var user = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await staff.Client.GetAsync($"/api/v1/admin/users/list_users?search={user.Email}&page=1&page_size=20"));

        Seed.Fields(body, "count", "next", "previous", "results[].id", "results[].email", "results[].mobile", "results[].kyc_status", "results[].status", "results[].created_at");
        Assert.Equal(user.UserId, body.GetProperty("results")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Seed22_GetUser()
    {
        var staff = await StaffAsync();
        var user = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await staff.Client.GetAsync($"/api/v1/admin/users/get_user/{user.UserId}"));

        Seed.Fields(body, "id", "email", "mobile", "kyc_status", "account_status", "roles", "login_attempts", "failed_logins", "created_at", "updated_at");
        Assert.Equal(["user"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0, body.GetProperty("failed_logins").GetInt32());
    }

    [Fact]
    public async Task Seed23And24_BlockAndUnblock_ByUserId()
    {
        var staff = await StaffAsync();
        var user = await SeedClient.RegisterAsync(Host);

        var blocked = await Seed.OkAsync(await staff.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/block/block_user",
            $$"""{ "user_id": "{{user.UserId}}", "reason": "Suspicious activity", "duration_days": 7 }"""));
        var unblocked = await Seed.OkAsync(await staff.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/block/unblock_user", $$"""{ "user_id": "{{user.UserId}}" }"""));

        Seed.Fields(blocked, "user_id", "blocked", "blocked_at", "blocked_until", "reason");
        Assert.Equal(user.UserId, blocked.GetProperty("user_id").GetString());
        Assert.Equal(TimeSpan.FromDays(7), blocked.GetProperty("blocked_until").GetDateTime() - blocked.GetProperty("blocked_at").GetDateTime());
        Seed.Fields(unblocked, "user_id", "unblocked", "unblocked_at");
        Assert.True(unblocked.GetProperty("unblocked").GetBoolean());
        Assert.Equal("active", KycFlowTests.Scalar(Host, $"SELECT status FROM users WHERE user_code = '{user.UserId}'"));
    }

    [Fact]
    public async Task Seed25To27_ChangeAssignAndRevokeRole_ByUserId()
    {
        var staff = await StaffAsync();
        var user = await SeedClient.RegisterAsync(Host);

        // Roles are seed 004's hierarchy (there is no "merchant" role: a merchant is a retailer in the network).
        var changed = await Seed.OkAsync(await staff.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/roles/change_role", $$"""{ "user_id": "{{user.UserId}}", "new_role": "auditor" }"""));
        var assigned = await Seed.OkAsync(await staff.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/roles/assign_role", $$"""{ "user_id": "{{user.UserId}}", "role": "admin" }"""));
        var revoked = await Seed.OkAsync(await staff.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/roles/revoke_role", $$"""{ "user_id": "{{user.UserId}}", "role": "admin" }"""));

        Seed.Fields(changed, "user_id", "previous_role", "new_role", "changed_at");
        Assert.Equal(("user", "auditor"), (changed.GetProperty("previous_role").GetString(), changed.GetProperty("new_role").GetString()));
        Seed.Fields(assigned, "user_id", "role", "assigned_at");
        Assert.Equal("admin", assigned.GetProperty("role").GetString());
        Seed.Fields(revoked, "user_id", "role", "revoked_at");
        Assert.Equal("admin", revoked.GetProperty("role").GetString());
        Assert.Equal("user", KycFlowTests.Scalar(Host, $"SELECT role FROM users WHERE user_code = '{user.UserId}'"));
    }

    [Fact]
    public async Task Seed28_UserStatistics()
    {
        var staff = await StaffAsync();

        var body = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/admin/users/get_statistics"));

        Seed.Fields(body, "total_users", "active_users", "blocked_users", "inactive_users", "kyc_verified", "kyc_pending", "roles_distribution.user");
    }

    // --- Audit trail (29-32) ---

    [Fact]
    public async Task Seed29_AuditTrail_ByActionFamilyAndUserId()
    {
        var staff = await StaffAsync("auditor");
        var user = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await staff.Client.GetAsync($"/api/v1/admin/audit/get_audit_trail?action=login&user_id={user.UserId}&days=30"));

        Seed.Fields(body, "count", "results[].id", "results[].user_id", "results[].action", "results[].description", "results[].ip_address", "results[].user_agent", "results[].timestamp");
        var row = body.GetProperty("results")[0];
        Assert.Equal("login.succeeded", row.GetProperty("action").GetString());
        Assert.Equal(user.UserId, row.GetProperty("user_id").GetString());
        Assert.Equal(1, body.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Seed30_UserAudit()
    {
        var staff = await StaffAsync("auditor");
        var user = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await staff.Client.GetAsync($"/api/v1/admin/audit/get_user_audit/{user.UserId}?days=30"));

        Seed.Fields(body, "user_id", "total_actions", "actions_by_type", "recent_actions[]");
        Assert.Equal(user.UserId, body.GetProperty("user_id").GetString());
        Assert.Equal(1, body.GetProperty("actions_by_type").GetProperty("login.succeeded").GetInt64());
    }

    [Fact]
    public async Task Seed31_ExportAuditLogs_AsCsv()
    {
        var staff = await StaffAsync("auditor");
        string Day(int daysAgo) => DateTime.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var response = await staff.Client.GetAsync($"/api/v1/admin/audit/export_logs?format=csv&start_date={Day(10)}&end_date={Day(0)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("sequence,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed32_AuditStatistics()
    {
        var staff = await StaffAsync("auditor");

        var body = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/admin/audit/get_statistics"));

        Seed.Fields(body, "total_events", "today", "this_week", "this_month", "top_actions[]", "peak_hours[]");
        Assert.Equal(JsonValueKind.String, body.GetProperty("top_actions")[0].ValueKind);
        Assert.Matches("^[0-2][0-9]:00-[0-2][0-9]:00$", body.GetProperty("peak_hours")[0].GetString());
    }

    // --- Login activity (33-36) ---

    [Fact]
    public async Task Seed33_MyLoginHistory()
    {
        var client = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await client.Client.GetAsync("/api/v1/login-activity/get_my_login_history?days=30"));

        Seed.Fields(body, "user_id", "total_logins", "recent_logins[].id", "recent_logins[].login_time", "recent_logins[].ip_address",
            "recent_logins[].device", "recent_logins[].browser", "recent_logins[].status");
        Assert.Equal(1, body.GetProperty("total_logins").GetInt64());
        Assert.Equal("success", body.GetProperty("recent_logins")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Seed34_UserLoginHistory()
    {
        var staff = await StaffAsync();
        var user = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await staff.Client.GetAsync($"/api/v1/login-activity/get_user_login_history/{user.UserId}?days=30"));

        Seed.Fields(body, "user_id", "total_logins", "logins[]");
        Assert.Equal(user.UserId, body.GetProperty("user_id").GetString());
        Assert.Equal(1, body.GetProperty("total_logins").GetInt64());
    }

    [Fact]
    public async Task Seed36_LoginStatistics()
    {
        var staff = await StaffAsync();

        var body = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/login-activity/get_login_statistics"));

        Seed.Fields(body, "total_logins_today", "total_failed_attempts", "unique_users", "peak_time", "average_session_duration", "devices");
        Assert.True(body.GetProperty("total_logins_today").GetInt64() >= 1);
    }

    // --- KYC reports (37-39) ---

    [Fact]
    public async Task Seed37To39_KycReports()
    {
        var staff = await StaffAsync();
        var user = await KycFlow.StartAsync(Host);
        Assert.Equal(HttpStatusCode.Created, (await user.SubmitPanAsync()).StatusCode);

        var report = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_report?status=verified&days=30"));
        var pending = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/admin/reports/kyc/get_pending_kyc?days=30&page=1"));
        var byStatus = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/admin/reports/kyc/get_kyc_by_status/pending?page=1"));

        Seed.Fields(report, "total_users", "verified", "pending", "rejected", "verification_rate", "average_verification_time", "pending_kyc");
        Seed.Fields(pending, "count", "results[].user_id", "results[].email", "results[].kyc_type", "results[].submitted_at", "results[].pending_days", "results[].status");
        Seed.Fields(byStatus, "status", "count", "results[]");
        Assert.Equal("pending", byStatus.GetProperty("status").GetString());
    }

    // --- Optional expansion (44-50) ---

    [Fact]
    public async Task Seed44And45_StandaloneOtp_ForTheAadhaarCode()
    {
        // A clock of its own, to pass the resend cooldown.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(TestEngines.Sqlite, null, services => services.AddSingleton<TimeProvider>(clock));
        var user = await KycFlow.StartAsync(host);
        var before = user.MessagesTo(user.Registration.Mobile);
        var submitted = await Seed.OkAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        var requestId = submitted.GetProperty("request_id").GetString();
        // The first code is delivered by the outbox a moment later; count it before asking for the next.
        await user.CodeSentToAsync(user.Registration.Mobile, before + 1);
        var sms = before + 1;
        clock.Advance(TimeSpan.FromMinutes(2));

        var resent = await Seed.OkAsync(await user.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/otp/resend_otp", $$"""{ "request_id": "{{requestId}}" }"""));
        var code = await user.CodeSentToAsync(user.Registration.Mobile, sms + 1);
        var verified = await Seed.OkAsync(await user.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/otp/verify_otp",
            $$"""{ "request_id": "{{requestId}}", "otp": "{{code}}", "purpose": "kyc_aadhaar" }"""));

        Seed.Fields(resent, "otp_sent", "message");
        Seed.Fields(verified, "verified", "message");
        Assert.True(verified.GetProperty("verified").GetBoolean());
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM kyc_submissions s JOIN users u ON u.id = s.user_id WHERE u.user_code = '{user.UserCode}' AND s.section = 'aadhaar' AND s.otp_verified_at IS NOT NULL"));
    }

    [Fact]
    public async Task Seed46_Search_FilteredByEmail()
    {
        var staff = await StaffAsync();
        var user = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await staff.Client.GetAsync($"/api/v1/admin/users/search?q={user.Email}&filter_by=email"));

        Seed.Fields(body, "results[].id", "results[].email", "results[].mobile", "results[].kyc_status");
        Assert.Equal(user.UserId, Assert.Single(body.GetProperty("results").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Seed47_BatchBlock_ByUserIds()
    {
        var staff = await StaffAsync();
        var first = await SeedClient.RegisterAsync(Host);
        var second = await SeedClient.RegisterAsync(Host);

        var body = await Seed.OkAsync(await staff.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/block/batch_block",
            $$"""{ "user_ids": ["{{first.UserId}}", "{{second.UserId}}"], "reason": "Bulk security action", "duration_days": 30 }"""));

        Seed.Fields(body, "blocked_count", "blocked_users", "message");
        Assert.Equal(2, body.GetProperty("blocked_count").GetInt32());
        Assert.Equal(new[] { first.UserId, second.UserId }.Order(), body.GetProperty("blocked_users").EnumerateArray().Select(u => u.GetString()!).Order());
    }

    [Fact]
    public async Task Seed48_ExportUsers_AsCsv()
    {
        var staff = await StaffAsync();

        var response = await staff.Client.GetAsync("/api/v1/admin/users/export?format=csv&status=active");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(staff.UserId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed49_SystemHealth()
    {
        var staff = await StaffAsync();

        var body = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/admin/system/health"));

        Seed.Fields(body, "status", "database", "cache", "response_time", "uptime");
        Assert.Equal("connected", body.GetProperty("database").GetString());
        Assert.Matches("^[0-9]+ms$", body.GetProperty("response_time").GetString());
    }

    [Fact]
    public async Task Seed50_ApiStatistics()
    {
        var staff = await StaffAsync();

        var body = await Seed.OkAsync(await staff.Client.GetAsync("/api/v1/admin/system/api_statistics?hours=24"));

        Seed.Fields(body, "total_requests", "success_rate", "average_response_time", "top_endpoints[]", "error_rate");
        Assert.Matches("^[0-9]+ms$", body.GetProperty("average_response_time").GetString());
        var success = body.GetProperty("success_rate").GetDouble();
        Assert.InRange(success, 0, 100);
        Assert.Equal(100, success + body.GetProperty("error_rate").GetDouble(), 1);
    }
}

/// <summary>A host of its own where one account has had wrong passwords (an alert) and one user is blocked: the security reports have something to show.</summary>
public sealed class SecurityScene : IAsyncLifetime
{
    public ApiHost Host { get; } = new(TestEngines.Sqlite, new Dictionary<string, string?> { ["Security:FailedLoginsPerAccountPerHour"] = "2" });

    public SeedClient Auditor { get; private set; } = null!;

    public SeedClient Victim { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Auditor = await SeedClient.RegisterAsync(Host);
        await Auditor.SignInAsync("auditor", "HQ");
        var super = await SeedClient.RegisterAsync(Host);
        await super.SignInAsync("super_admin", "HQ");
        Victim = await SeedClient.RegisterAsync(Host);
        for (var i = 0; i < 2; i++)
        {
            var wrong = await Victim.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/login", $$"""{ "email_or_mobile": "{{Victim.Email}}", "password": "Wrong-Password-1!" }""");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        await Seed.OkAsync(await super.Client.SendJsonAsync(HttpMethod.Post, "/api/v1/admin/block/block_user", $$"""{ "user_id": "{{Victim.UserId}}", "reason": "Suspicious activity" }"""));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SeedSecurityContractTests(SecurityScene scene) : IClassFixture<SecurityScene>
{
    [Fact]
    public async Task Seed35_FailedLoginAttempts_ByUser()
    {
        var body = await Seed.OkAsync(await scene.Auditor.Client.GetAsync("/api/v1/login-activity/get_failed_login_attempts?days=30"));

        Seed.Fields(body, "total_failed_attempts", "blocked_accounts", "attempts_by_user[].user_id", "attempts_by_user[].failed_attempts",
            "attempts_by_user[].last_attempt", "attempts_by_user[].ip_addresses[]");
        Assert.Equal(2, body.GetProperty("total_failed_attempts").GetInt64());
        Assert.Equal(1, body.GetProperty("blocked_accounts").GetInt64());
        var victim = Assert.Single(body.GetProperty("attempts_by_user").EnumerateArray());
        Assert.Equal(scene.Victim.UserId, victim.GetProperty("user_id").GetString());
        Assert.Equal(2, victim.GetProperty("failed_attempts").GetInt64());
        Assert.Equal(["127.0.0.1"], victim.GetProperty("ip_addresses").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Seed40_SecuritySummary()
    {
        var body = await Seed.OkAsync(await scene.Auditor.Client.GetAsync("/api/v1/admin/reports/security/get_security_summary"));

        Seed.Fields(body, "threat_level", "suspicious_activities", "blocked_users", "failed_login_attempts", "compromised_passwords", "security_score", "recommendations[]");
        Assert.Equal(1, body.GetProperty("blocked_users").GetInt64());
        Assert.Equal(2, body.GetProperty("failed_login_attempts").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("compromised_passwords").ValueKind); // no breach feed: unknown, never a made-up 0
        Assert.InRange(body.GetProperty("security_score").GetInt32(), 0, 99);
    }

    [Fact]
    public async Task Seed41_SuspiciousActivities()
    {
        var body = await Seed.OkAsync(await scene.Auditor.Client.GetAsync("/api/v1/admin/reports/security/get_suspicious_activities?days=7"));

        Seed.Fields(body, "total_suspicious", "activities[].id", "activities[].user_id", "activities[].activity_type", "activities[].threat_level",
            "activities[].detected_at", "activities[].action_taken");
        var activity = body.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("user_id").GetString() == scene.Victim.UserId);
        Assert.Equal("medium", activity.GetProperty("threat_level").GetString());
    }

    [Fact]
    public async Task Seed42_IpThreats()
    {
        var body = await Seed.OkAsync(await scene.Auditor.Client.GetAsync("/api/v1/admin/reports/security/get_ip_threats?days=30"));

        Seed.Fields(body, "suspicious_ips[].ip", "suspicious_ips[].threat_level", "suspicious_ips[].failed_attempts", "suspicious_ips[].blocked",
            "suspicious_ips[].first_seen", "suspicious_ips[].last_seen");
        var ip = Assert.Single(body.GetProperty("suspicious_ips").EnumerateArray());
        Assert.Equal(("127.0.0.1", 2L, false), (ip.GetProperty("ip").GetString(), ip.GetProperty("failed_attempts").GetInt64(), ip.GetProperty("blocked").GetBoolean()));
    }

    [Fact]
    public async Task Seed43_SecurityAlerts()
    {
        var body = await Seed.OkAsync(await scene.Auditor.Client.GetAsync("/api/v1/admin/reports/security/get_security_alerts?days=30"));

        Seed.Fields(body, "total_alerts", "critical", "high", "medium", "low", "alerts[]");
        Assert.Equal(1, body.GetProperty("medium").GetInt64());
        Assert.Equal(body.GetProperty("total_alerts").GetInt64(), body.GetProperty("alerts").GetArrayLength());
    }
}
