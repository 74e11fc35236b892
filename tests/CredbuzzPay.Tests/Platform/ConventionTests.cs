using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Platform;

public sealed class ProbeHostFixture : IAsyncLifetime
{
    public ProbeHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ProbeHost.StartAsync(new Dictionary<string, string?>
    {
        ["Http:MaxRequestBodyBytes"] = "2048",
        ["Http:CorsOrigins:0"] = "https://app.credbuzzpay.example",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The API conventions every endpoint inherits: one error shape, limits, pagination, headers.</summary>
public sealed class ConventionTests : IClassFixture<ProbeHostFixture>
{
    private readonly ProbeHost _host;

    public ConventionTests(ProbeHostFixture fixture) => _host = fixture.Host;

    [Fact]
    public async Task InvalidFields_Answer400ProblemWithAMessagePerSnakeCaseField()
    {
        using var client = _host.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/probe/echo", new { name = "", amount = 5000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal("Enter a name.", body.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("Must be from 1 to 1000.", body.GetProperty("errors").GetProperty("amount")[0].GetString());
        Assert.Equal(response.Headers.GetValues("X-Correlation-ID").Single(), body.GetProperty("correlation_id").GetString());
    }

    [Fact]
    public async Task ValidBody_ReachesTheHandlerAndAnswersSnakeCase()
    {
        using var client = _host.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/probe/echo", new { name = "Asha", amount = 10 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Asha", body.GetProperty("name").GetString());
        Assert.Equal(10, body.GetProperty("amount").GetInt32());
    }

    [Theory]
    [InlineData("{\"name\": \"Asha\", ", null)]
    [InlineData("{\"name\": \"Asha\", \"amount\": \"lots\"}", "amount")]
    [InlineData("not json at all", null)]
    public async Task MalformedJson_Answers400ProblemNever500(string json, string? field)
    {
        using var client = _host.CreateClient();

        var response = await client.PostAsync("/api/v1/probe/echo", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Malformed request body", body.GetProperty("title").GetString());
        if (field is not null)
        {
            Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
        }
    }

    [Fact]
    public async Task MissingBody_Answers400Problem()
    {
        using var client = _host.CreateClient();
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/api/v1/probe/echo", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WrongContentType_Answers415Problem()
    {
        using var client = _host.CreateClient();

        var response = await client.PostAsync("/api/v1/probe/echo", new StringContent("name=Asha", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(415, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task DeclaredBodyOverTheLimit_Answers413ProblemBeforeReadingIt()
    {
        using var client = _host.CreateClient();
        var json = "{\"name\":\"" + new string('a', 4000) + "\",\"amount\":1}";

        var response = await client.PostAsync("/api/v1/probe/echo", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Payload Too Large", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task StreamedBodyOverTheLimit_IsCutAndAnswered413()
    {
        using var client = _host.CreateClient();
        var json = "{\"name\":\"" + new string('a', 4000) + "\",\"amount\":1}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/probe/echo") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task EndpointWithALargerLimit_AcceptsWhatTheDefaultWouldRefuse()
    {
        using var client = _host.CreateClient();

        var accepted = await client.PostAsync("/api/v1/probe/upload", new StringContent(new string('x', 6000), Encoding.UTF8, "text/plain"));
        var refused = await client.PostAsync("/api/v1/probe/upload", new StringContent(new string('x', 9000), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(6000, (await accepted.JsonAsync()).GetProperty("length").GetInt32());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
    }

    [Fact]
    public async Task Pagination_AnswersCountNextPreviousResultsAndKeepsOtherParameters()
    {
        using var client = _host.CreateClient();

        var body = await (await client.GetAsync("/api/v1/probe/items?page=2&page_size=10&search=x")).JsonAsync();

        Assert.Equal(47, body.GetProperty("count").GetInt64());
        Assert.Equal(Enumerable.Range(11, 10), body.GetProperty("results").EnumerateArray().Select(e => e.GetInt32()));
        var next = new Uri(body.GetProperty("next").GetString()!);
        var previous = new Uri(body.GetProperty("previous").GetString()!);
        Assert.Equal("/api/v1/probe/items", next.AbsolutePath);
        Assert.Contains("page=3", next.Query, StringComparison.Ordinal);
        Assert.Contains("page_size=10", next.Query, StringComparison.Ordinal);
        Assert.Contains("search=x", next.Query, StringComparison.Ordinal);
        Assert.Contains("page=1", previous.Query, StringComparison.Ordinal);

        var last = await (await client.GetAsync("/api/v1/probe/items?page=5&page_size=10")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Equal(7, last.GetProperty("results").GetArrayLength());

        var first = await (await client.GetAsync("/api/v1/probe/items")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("previous").ValueKind);
        Assert.Equal(20, first.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    public async Task Pagination_OutOfRange_Answers400NamingTheParameter(string query, string field)
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync("/api/v1/probe/items?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task UnhandledError_Answers500ProblemThatRevealsNothing_AndLogsItRedacted()
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync("/api/v1/probe/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2345", text, StringComparison.Ordinal);
        var correlation = response.Headers.GetValues("X-Correlation-ID").Single();
        var appLog = _host.ReadLog("app");
        Assert.Contains("Unhandled error on GET /api/v1/probe/boom", appLog, StringComparison.Ordinal);
        Assert.Contains(correlation, appLog, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2", appLog, StringComparison.Ordinal);
        Assert.DoesNotContain("2345 6789 0123", appLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DomainRefusals_KeepTheirStatusAndFieldErrors()
    {
        using var client = _host.CreateClient();

        var conflict = await client.GetAsync("/api/v1/probe/conflict");
        var missing = await client.GetAsync("/api/v1/probe/missing");
        var unknownRoute = await client.GetAsync("/api/v1/probe/no-such-thing-here");

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("This email is already registered.", (await conflict.JsonAsync()).GetProperty("errors").GetProperty("email")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains(unknownRoute.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Unauthorized });
        Assert.Equal("application/problem+json", unknownRoute.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EndpointWithoutItsOwnRule_RefusesAnonymousCallers401Problem()
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync("/api/v1/probe/private");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad-signature");
        var forged = await client.GetAsync("/api/v1/probe/private");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, (await response.JsonAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task ValidAccessToken_IsAccepted_AndItsUserCodeReachesTheHandlerAndTheAccessLog()
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _host.Token("TK42QZ", "user"));

        var response = await client.GetAsync("/api/v1/probe/private");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("TK42QZ", (await response.JsonAsync()).GetProperty("user_code").GetString());
        Assert.Contains("GET /api/v1/probe/private 200", _host.ReadLog("api"), StringComparison.Ordinal);
        Assert.Contains("user=TK42QZ", _host.ReadLog("api"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredAccessToken_IsRefused401()
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _host.Token("TK42QZ", "user", TimeSpan.FromMinutes(-2)));

        var response = await client.GetAsync("/api/v1/probe/private");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignedInCallerWithoutTheRight_Gets403Problem_AndOneWithItGetsThrough()
    {
        using var user = _host.CreateClient();
        user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _host.Token("US3R01", "user"));
        using var admin = _host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _host.Token("ADM001", "admin"));

        var refused = await user.GetAsync("/api/v1/probe/staff");
        var allowed = await admin.GetAsync("/api/v1/probe/staff");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(403, (await refused.JsonAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task RuleThatCannotBeMet_Answers422Problem()
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync("/api/v1/probe/unprocessable");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("KYC must be verified first.", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Responses_CarrySecurityHeadersAndAreNotCached()
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync("/api/v1/probe/items");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is only sent over HTTPS.");
    }

    [Fact]
    public async Task Cors_AllowsConfiguredOriginsOnly()
    {
        using var client = _host.CreateClient();

        var allowed = await client.SendAsync(Preflight("https://app.credbuzzpay.example"));
        var refused = await client.SendAsync(Preflight("https://evil.example"));

        Assert.Equal("https://app.credbuzzpay.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        static HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/probe/echo");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return request;
        }
    }

    [Theory]
    [InlineData("client-req-42", true)]
    [InlineData("bad id with spaces", false)]
    public async Task CorrelationId_EchoesPlainTokensAndReplacesOthers(string supplied, bool kept)
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/probe/missing");
        request.Headers.TryAddWithoutValidation("X-Correlation-ID", supplied);

        var response = await client.SendAsync(request);

        var echoed = response.Headers.GetValues("X-Correlation-ID").Single();
        Assert.Equal(kept, echoed == supplied);
        Assert.Equal(echoed, (await response.JsonAsync()).GetProperty("correlation_id").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_MarksProtectedEndpointsWithBearerAndPublicOnesWithout()
    {
        using var client = _host.CreateClient();

        var document = await (await client.GetAsync("/api/openapi/v1.json")).JsonAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/probe/private").GetProperty("get").TryGetProperty("security", out var security));
        Assert.True(security[0].TryGetProperty("Bearer", out _));
        Assert.False(paths.GetProperty("/api/v1/probe/echo").GetProperty("post").TryGetProperty("security", out _));
        Assert.True(paths.GetProperty("/api/v1/probe/echo").GetProperty("post").TryGetProperty("requestBody", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }
}
