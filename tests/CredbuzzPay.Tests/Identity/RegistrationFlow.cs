using System.Net;
using System.Text.Json;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Identity;

/// <summary>Registration as a client does it: over HTTP, reading codes from the pickup file.</summary>
public sealed class RegistrationFlow
{
    private readonly ApiHost _host;
    private readonly HttpClient _client;

    public RegistrationFlow(ApiHost host, string firstName = "Asha", string lastName = "Rao")
    {
        _host = host;
        _client = host.CreateClient();
        (Email, MobileDigits) = CreateSuperuserTests.UniqueContact();
        (FirstName, LastName) = (firstName, lastName);
    }

    public ApiHost Host => _host;

    public string FirstName { get; }

    public string LastName { get; }

    public string Email { get; }

    public string MobileDigits { get; }

    public string Mobile => "+91" + MobileDigits;

    public const string Password = "Regist3r!Flow#1";

    public Guid RequestId { get; private set; }

    public HttpClient Client => _client;

    public Task<HttpResponseMessage> InitiateRawAsync(object body) => _client.PostJsonAsync("/api/v1/auth/register/initiate", body);

    /// <summary>Starts the registration; with <paramref name="noticeVersion"/> the privacy notice (and <paramref name="marketing"/> choice) is accepted with it.</summary>
    public async Task<Guid> InitiateAsync(int? noticeVersion = null, bool? marketing = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["first_name"] = FirstName, ["last_name"] = LastName, ["email"] = Email, ["mobile"] = MobileDigits, ["password"] = Password, ["confirm_password"] = Password,
        };
        if (noticeVersion is not null)
        {
            (body["notice_version"], body["marketing_consent"]) = (noticeVersion, marketing);
        }
        var response = await InitiateRawAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = await response.JsonAsync();
        Assert.True(answer.GetProperty("otp_sent").GetBoolean());
        RequestId = Guid.Parse(answer.GetProperty("request_id").GetString()!);
        return RequestId;
    }

    public Task<HttpResponseMessage> VerifyAsync(string channel, string otp) =>
        _client.PostJsonAsync("/api/v1/auth/register/verify_otp", new { request_id = RequestId, otp, channel });

    public Task<HttpResponseMessage> ResendAsync(string channel) =>
        _client.PostJsonAsync("/api/v1/auth/register/resend_otp", new { request_id = RequestId, channel });

    /// <summary>How many messages have reached the channel's destination so far.</summary>
    public Task<int> CountAsync(string channel) => Task.FromResult(_host.MessagesTo(channel == "email" ? Email : Mobile));

    /// <summary>The newest code sent to the channel's destination, waiting until at least <paramref name="count"/> have arrived.</summary>
    public Task<string> CodeAsync(string channel, int count = 1) => _host.CodeSentToAsync(channel == "email" ? Email : Mobile, count);

    public async Task<string> CompleteAsync(int? noticeVersion = null, bool? marketing = null)
    {
        await InitiateAsync(noticeVersion, marketing);
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync("email", await CodeAsync("email"))).StatusCode);
        var verified = await (await VerifyAsync("mobile", await CodeAsync("mobile"))).JsonAsync();
        Assert.True(verified.GetProperty("user_created").GetBoolean());
        return verified.GetProperty("user_code").GetString()!;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }
}
