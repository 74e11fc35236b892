using System.Net;
using System.Net.Sockets;
using System.Text;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Platform;

/// <summary>Requests no endpoint can make sense of: each gets a 4xx problem+json, never a 500 or an empty body.</summary>
public sealed class MalformedRequestTests
{
    private static readonly string[] FormEndpoints =
    [
        "/api/v1/kyc/aadhaar/submit_aadhaar", "/api/v1/kyc/aadhaar/upload_offline", "/api/v1/kyc/pan/submit_pan",
        "/api/v1/kyc/business/submit_business", "/api/v1/kyc/bank/submit_bank",
    ];

    [Fact]
    public async Task JsonInAnUnknownCharset_Answers415OnEveryJsonEndpoint()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var user = await KycFlow.StartAsync(host);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("application/json") == true)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Path: Concrete(e.RoutePattern.RawText!))))
            .ToList();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} JSON endpoints found");

        var failures = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8) };
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
            using var response = await user.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{method} {path}: {(int)response.StatusCode}");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task TruncatedOrMismatchedMultipart_Answers400OnEveryKycForm()
    {
        var user = await KycFlow.StartAsync(ApiHost.For(TestEngines.Sqlite));
        var truncated = "--XYZ\r\nContent-Disposition: form-data; name=\"pan_number\"\r\n\r\nABC";
        var mismatched = "--ABC\r\nContent-Disposition: form-data; name=\"pan_number\"\r\n\r\nABC\r\n--ABC--\r\n";

        foreach (var path in FormEndpoints)
        {
            foreach (var body in new[] { truncated, mismatched })
            {
                var content = new StringContent(body, Encoding.UTF8);
                content.Headers.Remove("Content-Type");
                content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XYZ");
                var problem = await RegistrationFlow.ProblemAsync(await user.Client.PostAsync(path, content), HttpStatusCode.BadRequest);
                Assert.Contains("multipart form could not be read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task OversizedQueryOrHeaders_AreRefusedWithAProblemBody()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();

        var query = await client.GetAsync("/health/live?q=" + new string('a', 100 * 1024));
        using var headers = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        headers.Headers.Add("X-Padding", new string('a', 40 * 1024));
        var big = await client.SendAsync(headers);

        var uri = await RegistrationFlow.ProblemAsync(query, HttpStatusCode.RequestUriTooLong);
        var header = await RegistrationFlow.ProblemAsync(big, HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Contains("8 KB", uri.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-5", header.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TooManyRequests_CarriesAProblemType()
    {
        await using var host = new ApiHost(TestEngines.Sqlite, new Dictionary<string, string?> { ["Http:PermitsPerMinutePerIp"] = "1" });
        using var client = host.CreateClient();
        await client.GetAsync("/health/live");

        var limited = await RegistrationFlow.ProblemAsync(await client.GetAsync("/health/live"), HttpStatusCode.TooManyRequests);

        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", limited.GetProperty("type").GetString());
    }

    /// <summary>
    /// What Kestrel refuses as malformed HTTP (here a NUL in the path and an HTTP/1.1 request with no
    /// Host) it answers itself, before any application code: a bodiless 400 and a closed connection.
    /// That cannot carry problem+json (docs/api-contract.md); the server stays up.
    /// </summary>
    [Fact]
    public async Task MalformedHttp_IsRefusedByTheServerItself_AndTheServiceStaysUp()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        using var client = host.CreateClient();
        var address = client.BaseAddress!;

        Assert.StartsWith("HTTP/1.1 400", await RawAsync(address, "GET /health/live%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400", await RawAsync(address, "GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    private static async Task<string> RawAsync(Uri address, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.StartsWith('/') ? pattern : "/" + pattern, @"\{(\w+)(:guid)?\}",
            m => m.Groups[2].Success ? Guid.NewGuid().ToString() : m.Groups[1].Value switch
            {
                "section" => "pan",
                "status" => "pending",
                "ipAddress" => "198.51.100.1",
                _ => "ZZZZZZ",
            });
}
