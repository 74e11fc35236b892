using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Access;

/// <summary>Branch isolation, escalation attempts, platform and feature revocation on live tokens, blocks, soft delete and restore.</summary>
public sealed class AccessControlTests
{
    private static string NewBranch() => "BR" + KycFlow.RandomDigits(8);

    internal static async Task<string> CreateBranchAsync(KycFlow superAdmin, string? code = null)
    {
        code ??= NewBranch();
        var created = await superAdmin.Client.PostAsJsonAsync("/api/v1/branches/", new { branch_code = code, name = "Branch " + code, city = "Pune", pincode = "411001" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return code;
    }

    [Theory, EngineData]
    public async Task Admins_SeeAndActOnlyInsideTheirBranch_SuperAdminsEverywhere(string engine)
    {
        var host = ApiHost.For(engine);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var a = await CreateBranchAsync(super);
        var b = await CreateBranchAsync(super);
        var adminA = await KycFlow.StartAsync(host, "admin", a);
        var userA = await KycFlow.StartAsync(host, "user", a);
        // A first name no other test uses: the search below answers its first 50 matches, and the shared host holds many Ashas.
        var userB = await KycFlow.StartAsync(new RegistrationFlow(host, "Tanvir", "Rao"), "user", b);

        var list = await KycFlow.OkJsonAsync(await adminA.Client.GetAsync("/api/v1/admin/users/list_users?page_size=100"));
        var codes = list.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("user_code").GetString()).ToList();
        Assert.Contains(userA.UserCode, codes);
        Assert.DoesNotContain(userB.UserCode, codes);
        Assert.All(list.GetProperty("results").EnumerateArray(), r => Assert.Equal(a, r.GetProperty("branch_code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await adminA.Client.GetAsync($"/api/v1/admin/users/get_user/{userB.UserCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminA.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = userB.UserCode, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminA.Client.GetAsync($"/api/v1/branches/{b}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminA.Client.GetAsync($"/api/v1/branches/{a}")).StatusCode);
        var created = await adminA.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", NewUser(b));
        await RegistrationFlow.ProblemAsync(created, HttpStatusCode.Forbidden);
        var moved = await adminA.Client.PutAsJsonAsync($"/api/v1/admin/users/{userA.UserCode}", new { branch_code = b });
        await RegistrationFlow.ProblemAsync(moved, HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await super.Client.GetAsync($"/api/v1/admin/users/get_user/{userB.UserCode}")).StatusCode);
        var search = await KycFlow.OkJsonAsync(await super.Client.GetAsync($"/api/v1/admin/users/search?q={userB.UserCode}&filter_by=user_code"));
        Assert.Single(search.GetProperty("results").EnumerateArray());
        // filter_by narrows the search to one field: the first name matches by name, never by email.
        var byName = await KycFlow.OkJsonAsync(await super.Client.GetAsync("/api/v1/admin/users/search?q=Tanvir&filter_by=name"));
        var byEmail = await KycFlow.OkJsonAsync(await super.Client.GetAsync("/api/v1/admin/users/search?q=Tanvir&filter_by=email"));
        Assert.Contains(byName.GetProperty("results").EnumerateArray(), r => r.GetProperty("user_code").GetString() == userB.UserCode);
        Assert.DoesNotContain(byEmail.GetProperty("results").EnumerateArray(), r => r.GetProperty("user_code").GetString() == userB.UserCode);
        await RegistrationFlow.ProblemAsync(await super.Client.GetAsync("/api/v1/admin/users/search?q=Asha&filter_by=shoe_size"), HttpStatusCode.BadRequest);
        var stats = await KycFlow.OkJsonAsync(await adminA.Client.GetAsync("/api/v1/admin/users/get_statistics"));
        Assert.Equal(2, stats.GetProperty("total_users").GetInt64()); // adminA and userA
    }

    [Fact]
    public async Task EscalationAttempts_AreRefused_AndChangeNothing()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var master = await KycFlow.StartAsync(host, "master_superadmin", "HQ");
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var peer = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var branch = await CreateBranchAsync(super);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var otherAdmin = await KycFlow.StartAsync(host, "admin", branch);
        var user = await KycFlow.StartAsync(host, "user", branch);

        // Self-promotion, promotion to one's own level, acting on a peer or on someone above.
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/roles/change_role", new { user_code = super.UserCode, new_role = "master_superadmin" }), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/roles/assign_role", new { user_code = admin.UserCode, role = "super_admin" }), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/roles/revoke_role", new { user_code = peer.UserCode, role = "super_admin" }), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = master.UserCode, reason = "x" }), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = otherAdmin.UserCode, reason = "x" }), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await admin.Client.DeleteAsync($"/api/v1/admin/users/{admin.UserCode}"), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", NewUser(branch, "admin")), HttpStatusCode.Forbidden);
        // master manages super_admins only; nobody can touch the master.
        await RegistrationFlow.ProblemAsync(await master.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = user.UserCode, reason = "x" }), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await master.Client.DeleteAsync($"/api/v1/admin/users/{master.UserCode}"), HttpStatusCode.Forbidden);

        // Granting a feature one does not hold.
        host.Database.Execute($"INSERT INTO user_feature_access (user_id, feature_code, granted, updated_at) SELECT id, 'wallet', 0, '2026-11-23 00:00:00.000' FROM users WHERE user_code = '{admin.UserCode}'");
        await RegistrationFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/users/{user.UserCode}/feature-access", new { feature_code = "wallet", action = "grant" }), HttpStatusCode.Forbidden);

        Assert.Equal("super_admin", KycFlowTests.Scalar(host, $"SELECT role FROM users WHERE user_code = '{super.UserCode}'"));
        Assert.Equal("admin", KycFlowTests.Scalar(host, $"SELECT role FROM users WHERE user_code = '{admin.UserCode}'"));
        Assert.Equal("active", KycFlowTests.Scalar(host, $"SELECT status FROM users WHERE user_code = '{otherAdmin.UserCode}'"));
        Assert.Equal("0", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM user_feature_access WHERE user_id = (SELECT id FROM users WHERE user_code = '{user.UserCode}')"));

        // What is allowed works and answers previous and new role; the target's sessions end so the next token carries it.
        var promoted = await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/roles/assign_role", new { user_code = user.UserCode, role = "admin" }));
        Assert.Equal("user", promoted.GetProperty("previous_role").GetString());
        Assert.Equal("admin", promoted.GetProperty("new_role").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        // revoke_role takes away the role named, and only one the user holds: revoking auditor from an admin is a 409 and changes nothing.
        var notHeld = await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/roles/revoke_role", new { user_code = user.UserCode, role = "auditor" }),
            HttpStatusCode.Conflict);
        Assert.True(notHeld.GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal("admin", KycFlowTests.Scalar(host, $"SELECT role FROM users WHERE user_code = '{user.UserCode}'"));
        var revoked = await KycFlow.OkJsonAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/roles/revoke_role", new { user_code = user.UserCode, role = "admin" }));
        Assert.Equal("admin", revoked.GetProperty("previous_role").GetString());
        Assert.Equal("user", revoked.GetProperty("new_role").GetString());
        Assert.Equal("user", KycFlowTests.Scalar(host, $"SELECT role FROM users WHERE user_code = '{user.UserCode}'"));
        var demoted = await KycFlow.OkJsonAsync(await master.Client.PostAsJsonAsync("/api/v1/admin/roles/change_role", new { user_code = peer.UserCode, new_role = "admin" }));
        Assert.Equal("super_admin", demoted.GetProperty("previous_role").GetString());
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'user.role_changed' AND target_id = '{peer.UserCode}' AND actor = '{master.UserCode}'"));
        Assert.Contains($"user.role_changed on {peer.UserCode} by {master.UserCode}", host.ReadLog("admin"), StringComparison.Ordinal);
    }

    [Theory, EngineData]
    public async Task PlatformAndFeatureRevocation_TakeEffectOnALiveToken(string engine)
    {
        var host = ApiHost.For(engine);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var branch = await CreateBranchAsync(super);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var user = await KycFlow.StartAsync(host, "user", branch);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/kyc/resume")).StatusCode);

        // Feature: revoked for the user → 403 on the feature's endpoints at once; granted back → allowed.
        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/users/{user.UserCode}/feature-access", new { feature_code = "kyc", action = "revoke" }));
        var refused = await RegistrationFlow.ProblemAsync(await user.Client.GetAsync("/api/v1/kyc/resume"), HttpStatusCode.Forbidden);
        Assert.Contains("kyc", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/users/{user.UserCode}/feature-access", new { feature_code = "kyc", action = "grant" }));
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/v1/kyc/resume")).StatusCode);

        // Platform: revoking web ends the live session on the next request and refuses sign-in there; mobile still works.
        var platforms = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/users/{user.UserCode}/platform-access", new { platform = "web", action = "revoke" }));
        Assert.False(platforms.GetProperty("platforms").EnumerateArray().Single(p => p.GetProperty("platform").GetString() == "web").GetProperty("effective").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(user.Registration, user.Registration.Email, RegistrationFlow.Password, "web")).StatusCode);
        var mobile = LoginTests.Authorized(host, await LoginTests.SignInAsync(user.Registration, user.Registration.Email, "mobile_app"));
        Assert.Equal(HttpStatusCode.OK, (await mobile.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        var permissions = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/users/{user.UserCode}/permissions"));
        Assert.DoesNotContain(permissions.GetProperty("platforms").EnumerateArray(), p => p.GetString() == "web");
        Assert.Contains(permissions.GetProperty("features").EnumerateArray(), f => f.GetString() == "kyc");
        Assert.Equal(branch, permissions.GetProperty("branch_code").GetString());

        // A disabled feature is refused for everyone.
        var feature = "f" + KycFlow.RandomDigits(6);
        Assert.Equal(HttpStatusCode.Created, (await super.Client.PostAsJsonAsync("/api/v1/features/", new { feature_code = feature, name = "Test", granted_by_default = true })).StatusCode);
        await KycFlow.OkJsonAsync(await super.Client.PutAsJsonAsync("/api/v1/features/kyc", new { active = false }));
        try
        {
            await RegistrationFlow.ProblemAsync(await mobile.GetAsync("/api/v1/kyc/resume"), HttpStatusCode.Forbidden);
        }
        finally
        {
            await KycFlow.OkJsonAsync(await super.Client.PutAsJsonAsync("/api/v1/features/kyc", new { active = true }));
        }
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'platform.revoked' AND target_id = '{user.UserCode}'"));
    }

    [Theory, EngineData]
    public async Task Block_EndsSessionsAtOnce_ExpiresByItself_AndABatchIsAllOrNothing(string engine)
    {
        var host = ApiHost.For(engine);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var branch = await CreateBranchAsync(super);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var user = await KycFlow.StartAsync(host, "user", branch);
        var other = await KycFlow.StartAsync(host, "user", branch);
        var outside = await KycFlow.StartAsync(host, "user", NewBranch());

        var blocked = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = user.UserCode, reason = "Suspicious activity", duration_days = 7 }));
        Assert.True(blocked.GetProperty("blocked").GetBoolean());
        Assert.Equal(1, blocked.GetProperty("sessions_ended").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginTests.LoginAsync(user.Registration, user.Registration.Email, RegistrationFlow.Password)).StatusCode);

        // When the duration has passed the block lifts itself (here: at sign-in).
        host.Database.Execute($"UPDATE users SET blocked_until = '2020-01-01 00:00:00' WHERE user_code = '{user.UserCode}'");
        await LoginTests.SignInAsync(user.Registration, user.Registration.Email);
        Assert.Equal("active", KycFlowTests.Scalar(host, $"SELECT status FROM users WHERE user_code = '{user.UserCode}'"));

        // ... and at the latest when the cleanup job runs.
        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/block/block_user", new { user_code = other.UserCode, reason = "Short", duration_days = 1 }));
        host.Database.Execute($"UPDATE users SET blocked_until = '2020-01-01 00:00:00' WHERE user_code = '{other.UserCode}'");
        var expiry = host.Services.GetServices<CredbuzzPay.Api.Platform.Jobs.ICleanupTask>().Single(t => t.Name == "expired user blocks");
        Assert.True(await expiry.CleanAsync(DateTime.UtcNow, CancellationToken.None) >= 1);
        Assert.Equal("active", KycFlowTests.Scalar(host, $"SELECT status FROM users WHERE user_code = '{other.UserCode}'"));

        // A batch with one user out of reach blocks nobody.
        var batch = await admin.Client.PostAsJsonAsync("/api/v1/admin/block/batch_block", new { user_codes = new[] { other.UserCode, outside.UserCode }, reason = "Bulk", duration_days = 30 });
        await RegistrationFlow.ProblemAsync(batch, HttpStatusCode.NotFound);
        Assert.Equal("active", KycFlowTests.Scalar(host, $"SELECT status FROM users WHERE user_code = '{other.UserCode}'"));
        var ok = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/block/batch_block", new { user_codes = new[] { other.UserCode, user.UserCode }, reason = "Bulk", duration_days = 30 }));
        Assert.Equal(2, ok.GetProperty("blocked_count").GetInt32());
        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/block/unblock_user", new { user_code = other.UserCode }));
        await RegistrationFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/block/unblock_user", new { user_code = other.UserCode }), HttpStatusCode.Conflict);
        Assert.Equal("4", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'user.blocked' AND target_id IN ('{user.UserCode}', '{other.UserCode}')"));
        var detail = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/admin/users/get_user/{user.UserCode}"));
        Assert.Equal("blocked", detail.GetProperty("account_status").GetString());
        Assert.Equal("Bulk", detail.GetProperty("block_reason").GetString());
    }

    [Theory, EngineData]
    public async Task SoftDelete_HidesUsersBranchesAndFeatures_KeepsHistory_AndSuperAdminRestores(string engine)
    {
        var host = ApiHost.For(engine);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var branch = await CreateBranchAsync(super);
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var user = await KycFlow.StartAsync(host, "user", branch);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/admin/users/{user.UserCode}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Client.GetAsync("/api/v1/user/profile/my_profile")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/api/v1/admin/users/get_user/{user.UserCode}")).StatusCode);
        var list = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/users/list_users?page_size=100"));
        Assert.DoesNotContain(list.GetProperty("results").EnumerateArray(), r => r.GetProperty("user_code").GetString() == user.UserCode);
        Assert.Equal(admin.UserCode, KycFlowTests.Scalar(host, $"SELECT deleted_by FROM users WHERE user_code = '{user.UserCode}'"));
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Client.PostAsync($"/api/v1/admin/users/{user.UserCode}/restore", null)).StatusCode);
        await KycFlow.OkJsonAsync(await super.Client.PostAsync($"/api/v1/admin/users/{user.UserCode}/restore", null));
        await LoginTests.SignInAsync(user.Registration, user.Registration.Email);

        // A branch with users cannot go; an empty one can, and comes back.
        await RegistrationFlow.ProblemAsync(await super.Client.DeleteAsync($"/api/v1/branches/{branch}"), HttpStatusCode.Conflict);
        var empty = await CreateBranchAsync(super);
        Assert.Equal(HttpStatusCode.NoContent, (await super.Client.DeleteAsync($"/api/v1/branches/{empty}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await super.Client.GetAsync($"/api/v1/branches/{empty}")).StatusCode);
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", NewUser(empty)), HttpStatusCode.BadRequest);
        await RegistrationFlow.ProblemAsync(await super.Client.PostAsJsonAsync("/api/v1/branches/", new { branch_code = empty, name = "again" }), HttpStatusCode.Conflict);
        await KycFlow.OkJsonAsync(await super.Client.PostAsync($"/api/v1/branches/{empty}/restore", null));
        Assert.Equal(HttpStatusCode.OK, (await super.Client.GetAsync($"/api/v1/branches/{empty}")).StatusCode);

        // A deleted feature is refused for everyone and hidden from the list; restored, it is back.
        var feature = "g" + KycFlow.RandomDigits(6);
        Assert.Equal(HttpStatusCode.Created, (await super.Client.PostAsJsonAsync("/api/v1/features/", new { feature_code = feature, name = "Temp" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await super.Client.DeleteAsync($"/api/v1/features/{feature}")).StatusCode);
        var features = await KycFlow.OkJsonAsync(await super.Client.GetAsync("/api/v1/features/?page_size=100"));
        Assert.DoesNotContain(features.GetProperty("results").EnumerateArray(), f => f.GetProperty("feature_code").GetString() == feature);
        Assert.Contains(features.GetProperty("results").EnumerateArray(), f => f.GetProperty("feature_code").GetString() == "recharge"); // seeded
        await RegistrationFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/users/{user.UserCode}/feature-access", new { feature_code = feature, action = "grant" }), HttpStatusCode.NotFound);
        await KycFlow.OkJsonAsync(await super.Client.PostAsync($"/api/v1/features/{feature}/restore", null));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE action = 'user.restored' AND target_id = '{user.UserCode}'"));
    }

    [Fact]
    public async Task CreateUser_SendsAnActivationCode_ThatSetsThePassword_AndRetailersHangUnderADistributor()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var super = await KycFlow.StartAsync(host, "super_admin", "HQ");
        var branch = await CreateBranchAsync(super);
        var admin = await KycFlow.StartAsync(host, "admin", branch);

        var request = NewUser(branch, "user", "distributor");
        var created = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", request), HttpStatusCode.Created);
        var code = created.GetProperty("user_code").GetString()!;
        var activation = created.GetProperty("activation_request_id").GetString();
        var mobile = "+91" + request["mobile"];
        var otp = await WaitForCodeAsync(host, mobile);
        const string password = "Activ8!Account#1";
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().PostAsJsonAsync("/api/v1/auth/reset_password",
            new { request_id = activation, otp, new_password = password, confirm_password = password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email_or_mobile = request["email"], password })).StatusCode);
        await RegistrationFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", request), HttpStatusCode.Conflict);

        var retailer = NewUser(branch, "user", "retailer");
        retailer["parent_user_code"] = code;
        var child = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", retailer), HttpStatusCode.Created);
        var detail = await KycFlow.OkJsonAsync(await admin.Client.GetAsync($"/api/v1/admin/users/get_user/{child.GetProperty("user_code").GetString()}"));
        Assert.Equal(code, detail.GetProperty("parent_user_code").GetString());
        var notDistributor = NewUser(branch, "user", "retailer");
        notDistributor["parent_user_code"] = admin.UserCode;
        await RegistrationFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", notDistributor), HttpStatusCode.BadRequest);

        // The export streams CSV with a header, only the branch's users, formulas neutralised.
        var evil = NewUser(branch);
        evil["first_name"] = "=HYPERLINK(\"http://x\")";
        await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/users/create_user", evil), HttpStatusCode.Created);
        var export = await admin.Client.GetAsync("/api/v1/admin/users/export?format=csv");
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("user_code,email,mobile,first_name", lines[0], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length); // header, admin, distributor, retailer, evil
        Assert.All(lines.Skip(1), l => Assert.Contains(branch, l, StringComparison.Ordinal));
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
        await RegistrationFlow.ProblemAsync(await admin.Client.GetAsync("/api/v1/admin/users/export?format=xlsx"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Distributor_ListsAndCreatesOnlyTheirOwnRetailers()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var branch = NewBranch();
        var distributor = await KycFlow.StartAsync(host, "user", branch);
        var otherDistributor = await KycFlow.StartAsync(host, "user", branch);
        host.Database.Execute($"UPDATE users SET tier = 'distributor' WHERE user_code IN ('{distributor.UserCode}', '{otherDistributor.UserCode}')");
        var customer = await KycFlow.StartAsync(host, "user", branch);

        var request = NewUser(branch);
        var created = await KycFlow.OkJsonAsync(await distributor.Client.PostAsJsonAsync("/api/v1/network/retailers/", request), HttpStatusCode.Created);
        Assert.Equal("retailer", created.GetProperty("tier").GetString());
        var mine = await KycFlow.OkJsonAsync(await distributor.Client.GetAsync("/api/v1/network/retailers/"));
        Assert.Equal(created.GetProperty("user_code").GetString(), Assert.Single(mine.GetProperty("results").EnumerateArray()).GetProperty("user_code").GetString());
        var theirs = await KycFlow.OkJsonAsync(await otherDistributor.Client.GetAsync("/api/v1/network/retailers/"));
        Assert.Equal(0, theirs.GetProperty("count").GetInt64());
        await RegistrationFlow.ProblemAsync(await customer.Client.GetAsync("/api/v1/network/retailers/"), HttpStatusCode.Forbidden);
        await RegistrationFlow.ProblemAsync(await customer.Client.PostAsJsonAsync("/api/v1/network/retailers/", NewUser(branch)), HttpStatusCode.Forbidden);
        Assert.Equal(branch, KycFlowTests.Scalar(host, $"SELECT branch_code FROM users WHERE user_code = '{created.GetProperty("user_code").GetString()}'"));
    }

    internal static Dictionary<string, string?> NewUser(string branch, string role = "user", string tier = "customer")
    {
        var (email, mobile) = CreateSuperuserTests.UniqueContact();
        return new() { ["email"] = email, ["mobile"] = mobile, ["first_name"] = "Ravi", ["last_name"] = "Kumar", ["role"] = role, ["tier"] = tier, ["branch_code"] = branch };
    }

    private static async Task<string> WaitForCodeAsync(ApiHost host, string destination)
    {
        var message = await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == destination);
        return System.Text.RegularExpressions.Regex.Match(message.GetProperty("body").GetString()!, @"\b\d{6}\b").Value;
    }
}
