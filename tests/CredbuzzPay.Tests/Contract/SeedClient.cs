using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Contract;

/// <summary>
/// A client written from seed 003 alone: it sends the seed's request bodies as they are printed
/// (raw JSON, the seed's field names and nothing else), registers with email, mobile and password,
/// verifies with the email (then the mobile) beside the code, and signs in with the two-step login.
/// </summary>
public sealed class SeedClient
{
    public const string Password = "SecurePass123!x";

    private SeedClient(ApiHost host, HttpClient anonymous, string email, string mobile)
    {
        Host = host;
        Anonymous = anonymous;
        Email = email;
        Mobile = mobile;
    }

    public ApiHost Host { get; }

    /// <summary>Without a token: the auth endpoints.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>With the access token of the last sign-in.</summary>
    public HttpClient Client { get; private set; } = null!;

    public string Email { get; }

    /// <summary>Ten digits, as the seed writes a mobile.</summary>
    public string Mobile { get; }

    public string UserId { get; private set; } = "";

    public JsonElement Tokens { get; private set; }

    /// <summary>Seed 003 #1 and #2: the three-field registration, the code verified with the email, then the mobile's.</summary>
    public static async Task<SeedClient> RegisterAsync(ApiHost host)
    {
        var (email, mobile) = CreateSuperuserTests.UniqueContact();
        var client = new SeedClient(host, host.CreateClient(), email, mobile);
        var initiated = await Seed.OkAsync(await client.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/register/initiate",
            $$"""{ "email": "{{email}}", "mobile": "{{mobile}}", "password": "{{Password}}" }"""), HttpStatusCode.Created);
        Seed.Fields(initiated, "request_id", "otp_sent", "message");
        var requestId = initiated.GetProperty("request_id").GetString();
        var byEmail = await Seed.OkAsync(await client.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/register/verify_otp",
            $$"""{ "request_id": "{{requestId}}", "otp": "{{await client.CodeAsync(email, 1)}}", "email": "{{email}}" }"""));
        Seed.Fields(byEmail, "user_created", "message");
        Assert.False(byEmail.GetProperty("user_created").GetBoolean()); // the mobile is still to verify (seed 004)
        var byMobile = await Seed.OkAsync(await client.Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/register/verify_otp",
            $$"""{ "request_id": "{{requestId}}", "otp": "{{await client.CodeAsync("+91" + mobile, 1)}}", "mobile": "{{mobile}}" }"""));
        Seed.Fields(byMobile, "user_created", "message");
        Assert.True(byMobile.GetProperty("user_created").GetBoolean());
        await client.SignInAsync();
        return client;
    }

    /// <summary>Seed 003 #3 and #4; the staff roles are set in the database first and sign in from the admin panel (seed 004's staff platforms).</summary>
    public async Task SignInAsync(string? role = null, string? branch = null)
    {
        var platform = "";
        if (role is not null)
        {
            Host.Database.Execute($"UPDATE users SET role = '{role}', branch_code = {(branch is null ? "NULL" : $"'{branch}'")} WHERE email = '{Email}'");
            platform = """, "platform": "admin_panel" """;
        }
        var smsBefore = Messages("+91" + Mobile);
        var login = await Seed.OkAsync(await Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/login",
            $$"""{ "email_or_mobile": "{{Email}}", "password": "{{Password}}"{{platform}} }"""));
        Seed.Fields(login, "request_id", "otp_sent", "message");
        var verified = await Seed.OkAsync(await Anonymous.SendJsonAsync(HttpMethod.Post, "/api/v1/auth/verify_login_otp",
            $$"""{ "request_id": "{{login.GetProperty("request_id").GetString()}}", "otp": "{{await CodeAsync("+91" + Mobile, smsBefore + 1)}}" }"""));
        Seed.Fields(verified, "access", "refresh", "user.id", "user.email");
        Tokens = verified;
        UserId = verified.GetProperty("user").GetProperty("id").GetString()!;
        Assert.Matches("^[A-Z0-9]{6}$", UserId);
        Client = Host.CreateClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", verified.GetProperty("access").GetString());
    }

    public int Messages(string destination) => Host.MessagesTo(destination);

    public Task<string> CodeAsync(string destination, int count) => Host.CodeSentToAsync(destination, count);
}

/// <summary>Assertions on seed 003's shapes.</summary>
public static class Seed
{
    public static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK) => await KycFlow.OkJsonAsync(response, status);

    /// <summary>Each name is present (dotted names walk into objects; <c>name[]</c> walks into an array's first element, which must exist).</summary>
    public static void Fields(JsonElement body, params string[] paths)
    {
        foreach (var path in paths)
        {
            var node = body;
            foreach (var step in path.Split('.'))
            {
                var name = step.TrimEnd('[', ']');
                var next = default(JsonElement);
                Assert.True(node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out next), $"Seed field '{path}' is missing from {body}");
                node = next;
                if (step.EndsWith("[]", StringComparison.Ordinal))
                {
                    Assert.True(node.ValueKind == JsonValueKind.Array && node.GetArrayLength() > 0, $"Seed field '{path}' should be a non-empty array in {body}");
                    node = node[0];
                }
            }
        }
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
}
