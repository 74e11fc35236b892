using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using CredbuzzPay.Tests.Ledger;
using CredbuzzPay.Tests.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CredbuzzPay.Tests.Privacy;

/// <summary>The privacy notice, consents (accepted at sign-in, granted and withdrawn, recorded with time and address) and grievances with their 30-day clock, on every engine.</summary>
public sealed class PrivacyTests
{
    private static readonly Dictionary<string, string?> Officer = new()
    {
        ["Privacy:GrievanceOfficer:Name"] = "Meera Iyer",
        ["Privacy:GrievanceOfficer:Email"] = "grievance@credbuzz.test",
        ["Privacy:GrievanceOfficer:Phone"] = "+918000000000",
    };

    [Theory, EngineData]
    public async Task Notice_IsReadByAnyoneInEnglishAndHindi_AndConsentsAreAcceptedGrantedAndWithdrawn_WithTheirHistory(string engine)
    {
        await using var host = new ApiHost(engine, Officer);
        var anonymous = host.CreateClient();
        var english = await KycFlow.OkJsonAsync(await anonymous.GetAsync("/api/v1/privacy/notice"));
        Assert.Equal((1, "en"), (english.GetProperty("version").GetInt32(), english.GetProperty("language").GetString()));
        Assert.Contains("Digital Personal Data Protection Act, 2023", english.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Meera Iyer", "grievance@credbuzz.test"), (english.GetProperty("grievance_officer").GetProperty("name").GetString(),
            english.GetProperty("grievance_officer").GetProperty("email").GetString()));
        var purposes = english.GetProperty("purposes").EnumerateArray().ToDictionary(p => p.GetProperty("purpose").GetString()!, p => p.GetProperty("required").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["account"] = true, ["kyc_verification"] = true, ["payments"] = true, ["marketing"] = false }, purposes);
        var hindi = await KycFlow.OkJsonAsync(await anonymous.GetAsync("/api/v1/privacy/notice?language=hi"));
        Assert.Contains("गोपनीयता सूचना", hindi.GetProperty("text").GetString(), StringComparison.Ordinal);
        await WalletFlow.ProblemAsync(await anonymous.GetAsync("/api/v1/privacy/notice?language=fr"), HttpStatusCode.BadRequest);
        await WalletFlow.ProblemAsync(await anonymous.GetAsync("/api/v1/privacy/notice?version=9"), HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await anonymous.GetAsync("/api/v1/privacy/consents"), HttpStatusCode.Unauthorized);

        // A person who never accepted a notice is asked to at sign-in; accepting records the required purposes, marketing only if chosen.
        var registration = new RegistrationFlow(host);
        var userCode = await registration.CompleteAsync();
        var tokens = await LoginTests.SignInAsync(registration, registration.Email);
        Assert.True(tokens.GetProperty("notice_acceptance_required").GetBoolean());
        var client = LoginTests.Authorized(host, tokens);
        var before = await KycFlow.OkJsonAsync(await client.GetAsync("/api/v1/privacy/consents"));
        Assert.Equal((1, 0, true), (before.GetProperty("current_notice_version").GetInt32(), before.GetProperty("accepted_notice_version").GetInt32(),
            before.GetProperty("notice_acceptance_required").GetBoolean()));
        Assert.All(before.GetProperty("purposes").EnumerateArray(), p => Assert.False(p.GetProperty("granted").GetBoolean()));
        await WalletFlow.ProblemAsync(await client.PostAsJsonAsync("/api/v1/privacy/consents/accept_notice", new { version = 2 }), HttpStatusCode.BadRequest);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/privacy/consents/accept_notice") { Content = JsonContent.Create(new { version = 1, marketing = false }) };
        request.Headers.UserAgent.ParseAdd("PrivacyTest/1.0");
        var accepted = await KycFlow.OkJsonAsync(await client.SendAsync(request));
        Assert.Equal((1, false), (accepted.GetProperty("accepted_notice_version").GetInt32(), accepted.GetProperty("notice_acceptance_required").GetBoolean()));
        Assert.Equal(new[] { true, true, true, false }, States(accepted).Values.ToArray());
        var userId = KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM privacy_consents c JOIN users u ON u.id = c.user_id WHERE u.user_code = '{userCode}' " +
            "AND c.source = 'notice' AND c.notice_version = 1 AND c.ip_address IS NOT NULL AND c.user_agent = 'PrivacyTest/1.0'");
        Assert.Equal("3", userId);
        Assert.False((await LoginTests.SignInAsync(registration, registration.Email)).GetProperty("notice_acceptance_required").GetBoolean());

        // Marketing is granted and withdrawn as easily, each step a history line; a required purpose is not withdrawn while the account stays.
        await KycFlow.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/privacy/consents", new { purpose = "marketing", granted = true }));
        var withdrawn = await KycFlow.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/privacy/consents", new { purpose = "marketing", granted = false }));
        Assert.False(States(withdrawn)["marketing"]);
        var marketing = withdrawn.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("purpose").GetString() == "marketing").Select(h => h.GetProperty("granted").GetBoolean()).ToList();
        Assert.Equal(new[] { false, true, false }, marketing);
        await WalletFlow.ProblemAsync(await client.PostAsJsonAsync("/api/v1/privacy/consents", new { purpose = "kyc_verification", granted = false }),
            HttpStatusCode.UnprocessableEntity, "required_purpose");
        await WalletFlow.ProblemAsync(await client.PostAsJsonAsync("/api/v1/privacy/consents", new { purpose = "newsletters", granted = true }), HttpStatusCode.BadRequest);
        Assert.Equal("2", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM audit_trail WHERE actor = '{userCode}' AND action LIKE 'privacy.consent_%'"));

        // A new version, published by a super_admin in both languages, asks everyone again at their next sign-in.
        var admin = await KycFlow.StartAsync(host, "admin");
        await WalletFlow.ProblemAsync(await admin.Client.PostAsJsonAsync("/api/v1/admin/privacy/notices/", new { texts = new { en = new string('x', 200), hi = new string('y', 200) } }),
            HttpStatusCode.Forbidden);
        var superAdmin = await KycFlow.StartAsync(host, "super_admin");
        await WalletFlow.ProblemAsync(await superAdmin.Client.PostAsJsonAsync("/api/v1/admin/privacy/notices/", new { texts = new { en = new string('x', 200) } }), HttpStatusCode.BadRequest);
        var published = await KycFlow.OkJsonAsync(await superAdmin.Client.PostAsJsonAsync("/api/v1/admin/privacy/notices/",
            new { texts = new { en = "Version two. " + new string('x', 200), hi = "संस्करण दो। " + new string('y', 200) } }), HttpStatusCode.Created);
        Assert.Equal(2, published.GetProperty("version").GetInt32());
        Assert.True((await LoginTests.SignInAsync(registration, registration.Email)).GetProperty("notice_acceptance_required").GetBoolean());
        Assert.StartsWith("संस्करण दो", (await KycFlow.OkJsonAsync(await anonymous.GetAsync("/api/v1/privacy/notice?language=hi"))).GetProperty("text").GetString(),
            StringComparison.Ordinal);
    }

    [Theory, EngineData]
    public async Task Registration_RecordsTheNoticeAndTheMarketingChoice_WithTheNewUser_AndAWrongVersionIsRefused(string engine)
    {
        var host = ApiHost.For(engine, "privacy", Officer);
        var current = (await KycFlow.OkJsonAsync(await host.CreateClient().GetAsync("/api/v1/privacy/notice"))).GetProperty("version").GetInt32();
        var stale = new RegistrationFlow(host);
        var refused = await RegistrationFlow.ProblemAsync(await stale.InitiateRawAsync(new
        {
            email = stale.Email, mobile = stale.MobileDigits, password = RegistrationFlow.Password, confirm_password = RegistrationFlow.Password, notice_version = current + 1,
        }), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("notice_version", out _));
        await RegistrationFlow.ProblemAsync(await stale.InitiateRawAsync(new
        {
            email = stale.Email, mobile = stale.MobileDigits, password = RegistrationFlow.Password, confirm_password = RegistrationFlow.Password, marketing_consent = true,
        }), HttpStatusCode.BadRequest);

        var registration = new RegistrationFlow(host);
        var userCode = await registration.CompleteAsync(current, marketing: true);
        var tokens = await LoginTests.SignInAsync(registration, registration.Email);
        Assert.False(tokens.GetProperty("notice_acceptance_required").GetBoolean());
        var consents = await KycFlow.OkJsonAsync(await LoginTests.Authorized(host, tokens).GetAsync("/api/v1/privacy/consents"));
        Assert.Equal(new[] { true, true, true, true }, States(consents).Values.ToArray());
        Assert.All(consents.GetProperty("history").EnumerateArray(), h => Assert.Equal(current, h.GetProperty("notice_version").GetInt32()));
        Assert.Equal("4", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM privacy_consents c JOIN users u ON u.id = c.user_id WHERE u.user_code = '{userCode}' AND c.ip_address IS NOT NULL"));
        // Without a notice at registration nothing is recorded, and the notice is asked for at the first sign-in.
        var silent = new RegistrationFlow(host);
        await silent.CompleteAsync();
        Assert.True((await LoginTests.SignInAsync(silent, silent.Email)).GetProperty("notice_acceptance_required").GetBoolean());
    }

    [Theory, EngineData]
    public async Task WithdrawingMarketing_CancelsTheMarketingMessagesQueued_AndLeavesTheRest(string engine)
    {
        var host = ApiHost.For(engine, "privacy", Officer);
        var registration = new RegistrationFlow(host);
        var current = (await KycFlow.OkJsonAsync(await host.CreateClient().GetAsync("/api/v1/privacy/notice"))).GetProperty("version").GetInt32();
        var userCode = await registration.CompleteAsync(current, marketing: true);
        var client = LoginTests.Authorized(host, await LoginTests.SignInAsync(registration, registration.Email));
        Guid offer, statement;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // As a campaign would queue them: tomorrow morning's offer, and a service message about the same person.
            var outbox = scope.ServiceProvider.GetRequiredService<Api.Platform.Notifications.IOutbox>();
            var db = scope.ServiceProvider.GetRequiredService<Api.Platform.Database.AppDb>();
            var userId = (await scope.ServiceProvider.GetRequiredService<Api.Modules.Identity.Contracts.IUserDirectory>().FindByCodeAsync(db, userCode))!.Id;
            var tomorrow = DateTime.UtcNow.AddDays(1);
            offer = await outbox.EnqueueAsync(db, new Api.Platform.Notifications.OutgoingMessage("email", registration.Email, "An offer", "Cashback on recharges",
                Api.Platform.Notifications.MessagePurposes.Marketing, userId, tomorrow));
            statement = await outbox.EnqueueAsync(db, new Api.Platform.Notifications.OutgoingMessage("email", registration.Email, "Your statement", "Attached", NotBefore: tomorrow));
        }
        await KycFlow.OkJsonAsync(await client.PostAsJsonAsync("/api/v1/privacy/consents", new { purpose = "marketing", granted = false }));
        Assert.Equal("cancelled", Status(host, offer));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM outbox_messages WHERE status = 'cancelled' AND payload IS NULL AND {IdIs(host, offer)}"));
        Assert.Equal("pending", Status(host, statement));
    }

    [Theory, EngineData]
    public async Task Corrections_ThroughTheProfileAndAKycResubmission_AreInThePersonsRequestLog_WithoutTheirValues(string engine)
    {
        var host = ApiHost.For(engine, "privacy", Officer);
        var person = await KycFlow.StartAsync(host);
        var other = await KycFlow.StartAsync(host);
        await KycFlow.OkJsonAsync(await person.Client.PutAsJsonAsync("/api/v1/user/profile/update_profile", new { first_name = "Ashwini", city = "Mysuru" }));
        await KycFlow.OkJsonAsync(await person.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await person.SubmitPanAsync(), HttpStatusCode.Created);

        var log = await KycFlow.OkJsonAsync(await person.Client.GetAsync("/api/v1/privacy/requests/"));
        var corrections = log.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("type").GetString() == "correction").ToList();
        Assert.Equal(2, corrections.Count);
        Assert.All(corrections, c => Assert.Equal("COMPLETED", c.GetProperty("status").GetString()));
        Assert.Contains(corrections, c => c.GetProperty("correction").GetString() == "Profile: first_name, city");
        Assert.Contains(corrections, c => c.GetProperty("correction").GetString()!.Contains("PAN", StringComparison.OrdinalIgnoreCase)
            && c.GetProperty("correction").GetString()!.EndsWith("resubmitted", StringComparison.Ordinal));
        Assert.DoesNotContain("Ashwini", log.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Mysuru", log.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await other.Client.GetAsync("/api/v1/privacy/requests/"))).GetProperty("count").GetInt32());
        // A first submission corrects nothing.
        await KycFlow.OkJsonAsync(await other.SubmitPanAsync(), HttpStatusCode.Created);
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await other.Client.GetAsync("/api/v1/privacy/requests/"))).GetProperty("count").GetInt32());
    }

    [Theory, EngineData]
    public async Task MarketingMessages_ReachOnlyPeopleWhoConsentNow_WhenQueuedAndWhenSent(string engine)
    {
        var host = ApiHost.For(engine, "privacy", Officer);
        var current = (await KycFlow.OkJsonAsync(await host.CreateClient().GetAsync("/api/v1/privacy/notice"))).GetProperty("version").GetInt32();
        var willing = new RegistrationFlow(host);
        var willingCode = await willing.CompleteAsync(current, marketing: true);
        var unwilling = new RegistrationFlow(host);
        var unwillingCode = await unwilling.CompleteAsync(current, marketing: false);
        var (willingId, unwillingId) = await IdsAsync(host, willingCode, unwillingCode);
        var subject = "Offer " + KycFlow.RandomDigits(8);

        // Queued for someone who refused marketing: cancelled at once, nothing of it kept, never sent.
        var refused = await EnqueueAsync(host, new Api.Platform.Notifications.OutgoingMessage("email", unwilling.Email, subject, "Cashback",
            Api.Platform.Notifications.MessagePurposes.Marketing, unwillingId));
        Assert.Equal("1", KycFlowTests.Scalar(host, $"SELECT COUNT(*) FROM outbox_messages WHERE status = 'cancelled' AND payload IS NULL AND {IdIs(host, refused)}"));
        // Someone who consents gets it.
        await EnqueueAsync(host, new Api.Platform.Notifications.OutgoingMessage("email", willing.Email, subject, "Cashback", Api.Platform.Notifications.MessagePurposes.Marketing, willingId));
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == willing.Email && m.GetProperty("subject").GetString() == subject);

        // A withdrawal that did not pass through the outbox's cancellation (written while the message waited) still stops it when it falls due.
        var later = await EnqueueAsync(host, new Api.Platform.Notifications.OutgoingMessage("email", willing.Email, subject + " again", "Cashback",
            Api.Platform.Notifications.MessagePurposes.Marketing, willingId, DateTime.UtcNow.AddSeconds(2)));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Api.Platform.Database.AppDb>();
            await LinqToDB.DataExtensions.InsertAsync(db, Api.Modules.Privacy.Features.ConsentBook.Row(willingId, "marketing", false, current, "user", null, null, DateTime.UtcNow));
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Status(host, later) == "pending")
        {
            Assert.True(DateTime.UtcNow < deadline, "The message was not taken up in time.");
            await Task.Delay(200);
        }
        Assert.Equal("cancelled", Status(host, later));
        Assert.DoesNotContain(host.PickupMessages(), m => m.GetProperty("subject").GetString() == subject + " again" || m.GetProperty("to").GetString() == unwilling.Email
            && m.GetProperty("subject").GetString() == subject);
    }

    private static async Task<(Guid, Guid)> IdsAsync(ApiHost host, string first, string second)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Api.Platform.Database.AppDb>();
        var users = scope.ServiceProvider.GetRequiredService<Api.Modules.Identity.Contracts.IUserDirectory>();
        return ((await users.FindByCodeAsync(db, first))!.Id, (await users.FindByCodeAsync(db, second))!.Id);
    }

    private static async Task<Guid> EnqueueAsync(ApiHost host, Api.Platform.Notifications.OutgoingMessage message)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Api.Platform.Notifications.IOutbox>()
            .EnqueueAsync(scope.ServiceProvider.GetRequiredService<Api.Platform.Database.AppDb>(), message);
    }

    [Theory, EngineData]
    public async Task Grievance_GetsAReferenceAnd30Days_StaffOfTheBranchAnswer_AndAnOverdueOneIsShown(string engine)
    {
        var clock = new FakeTimeProvider(InterestTests.At(2026, 12, 1, 10));
        await using var host = new ApiHost(engine, Officer, s => s.AddSingleton<TimeProvider>(clock));
        var branch = "PV" + KycFlow.RandomDigits(6);
        var person = await KycFlow.StartAsync(host, branch: branch);
        await WalletFlow.ProblemAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/grievances/", new { subject = "x" }), HttpStatusCode.BadRequest);
        var filed = await KycFlow.OkJsonAsync(await person.Client.PostAsJsonAsync("/api/v1/privacy/grievances/",
            new { subject = "My selfie", details = "Please tell me who has seen my KYC selfie and why it is kept." }), HttpStatusCode.Created);
        var reference = filed.GetProperty("reference").GetString()!;
        Assert.StartsWith("GRV", reference, StringComparison.Ordinal);
        Assert.Equal(filed.GetProperty("created_at").GetDateTime().AddDays(30), filed.GetProperty("due_at").GetDateTime());
        var other = await KycFlow.StartAsync(host, branch: branch);
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await other.Client.GetAsync("/api/v1/privacy/grievances/"))).GetProperty("count").GetInt32());
        Assert.Equal(1, (await KycFlow.OkJsonAsync(await person.Client.GetAsync("/api/v1/privacy/grievances/"))).GetProperty("count").GetInt32());

        clock.Advance(TimeSpan.FromDays(31));
        var admin = await KycFlow.StartAsync(host, "admin", branch);
        var stranger = await KycFlow.StartAsync(host, "admin", "ZZ" + KycFlow.RandomDigits(6));
        var auditor = await KycFlow.StartAsync(host, "auditor");
        var overdue = await KycFlow.OkJsonAsync(await admin.Client.GetAsync("/api/v1/admin/privacy/grievances/?overdue=true"));
        Assert.Equal((1, reference, true), (overdue.GetProperty("count").GetInt32(), overdue.GetProperty("results")[0].GetProperty("reference").GetString(),
            overdue.GetProperty("results")[0].GetProperty("overdue").GetBoolean()));
        Assert.Equal(0, (await KycFlow.OkJsonAsync(await stranger.Client.GetAsync("/api/v1/admin/privacy/grievances/"))).GetProperty("count").GetInt32());
        await WalletFlow.ProblemAsync(await stranger.Client.PostAsJsonAsync($"/api/v1/admin/privacy/grievances/{reference}/respond", new { response = "Not my branch at all." }),
            HttpStatusCode.NotFound);
        await WalletFlow.ProblemAsync(await auditor.Client.PostAsJsonAsync($"/api/v1/admin/privacy/grievances/{reference}/respond", new { response = "Auditors only read this." }),
            HttpStatusCode.Forbidden);
        var answered = await KycFlow.OkJsonAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/privacy/grievances/{reference}/respond",
            new { response = "Only the KYC reviewer of your branch opened it; it is kept five years under RBI rules." }));
        Assert.Equal(("RESPONDED", admin.UserCode, false), (answered.GetProperty("status").GetString(), answered.GetProperty("responded_by").GetString(),
            answered.GetProperty("overdue").GetBoolean()));
        await WalletFlow.ProblemAsync(await admin.Client.PostAsJsonAsync($"/api/v1/admin/privacy/grievances/{reference}/respond", new { response = "A second answer to it." }),
            HttpStatusCode.Conflict, "grievance_responded");
        await host.WaitForPickupAsync(m => m.GetProperty("to").GetString() == person.Registration.Email
            && m.GetProperty("body").GetString()!.Contains(reference, StringComparison.Ordinal));
        Assert.Equal(1, (await KycFlow.OkJsonAsync(await auditor.Client.GetAsync("/api/v1/admin/privacy/grievances/?status=RESPONDED"))).GetProperty("count").GetInt32());
    }

    private static string IdIs(ApiHost host, Guid id) => host.Database.Engine == TestEngines.Sqlite ? $"id = X'{Convert.ToHexString(id.ToByteArray())}'" : $"id = '{id}'";

    private static string Status(ApiHost host, Guid id) => KycFlowTests.Scalar(host, $"SELECT status FROM outbox_messages WHERE {IdIs(host, id)}")!;

    private static Dictionary<string, bool> States(JsonElement consents) =>
        consents.GetProperty("purposes").EnumerateArray().ToDictionary(p => p.GetProperty("purpose").GetString()!, p => p.GetProperty("granted").GetBoolean());
}
