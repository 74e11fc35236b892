using System.Net;
using System.Text;
using System.Text.Json;
using CredbuzzPay.Tests.Identity;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;

namespace CredbuzzPay.Tests.Platform;

/// <summary>Text that would display or log as something else (controls, NUL, direction overrides) is refused in every field.</summary>
public sealed class TextFieldTests
{
    [Fact]
    public async Task EveryJsonTextFieldTheApiDocumentDescribes_RefusesANul()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var super = await KycFlow.StartAsync(host, "super_admin", "TXT1");
        using var document = JsonDocument.Parse(await super.Client.GetStringAsync("/api/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var tried = 0;
        var failures = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var json))
                {
                    continue;
                }
                var schema = Resolve(schemas, json.GetProperty("schema"));
                if (!schema.TryGetProperty("properties", out var properties))
                {
                    continue;
                }
                foreach (var property in properties.EnumerateObject().Where(p => IsString(schemas, p.Value)))
                {
                    tried++;
                    var url = Concrete(path.Name);
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url)
                    {
                        Content = new StringContent($"{{\"{property.Name}\": \"ab\\u0000cd\"}}", Encoding.UTF8, "application/json"),
                    };
                    using var response = await super.Client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.BadRequest || !text.Contains($"\"{property.Name}\":[\"Control characters", StringComparison.Ordinal))
                    {
                        failures.Add($"{operation.Name.ToUpperInvariant()} {path.Name} {property.Name}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 160)]}");
                    }
                }
            }
        }

        Assert.True(tried > 60, $"only {tried} text fields found in the document");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task NamesRefuseDirectionOverridesAndLineBreaks_ReasonsMayBreakLines_AndNothingIsKept()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var flow = new RegistrationFlow(host);

        var overridden = await flow.InitiateRawAsync(new { first_name = "Asha\u202Eevil", last_name = "Rao", email = flow.Email, mobile = flow.MobileDigits, password = RegistrationFlow.Password, confirm_password = RegistrationFlow.Password });
        var broken = await flow.InitiateRawAsync(new { first_name = "Asha", last_name = "Rao\nuser=ADMIN", email = flow.Email, mobile = flow.MobileDigits, password = RegistrationFlow.Password, confirm_password = RegistrationFlow.Password });

        Assert.Contains("Text-direction", (await RegistrationFlow.ProblemAsync(overridden, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("first_name")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Line breaks", (await RegistrationFlow.ProblemAsync(broken, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("last_name")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, Convert.ToInt64(host.Database.Scalar($"SELECT COUNT(*) FROM pending_registrations WHERE email = '{flow.Email}'"), System.Globalization.CultureInfo.InvariantCulture));

        // A reason is free text: it may run over lines, but a NUL is still refused.
        var admin = await KycFlow.StartAsync(host, "admin", "TXT2");
        var user = await KycFlow.StartAsync(host, "user", "TXT2");
        await RegistrationFlow.ProblemAsync(await admin.Client.PostJsonAsync("/api/v1/admin/block/block_user", new { user_code = user.UserCode, reason = "spam\u0000" }), HttpStatusCode.BadRequest);
        await KycFlow.OkJsonAsync(await admin.Client.PostJsonAsync("/api/v1/admin/block/block_user", new { user_code = user.UserCode, reason = "Reported twice:\n1. spam\n2. fraud" }));

        // Form fields follow the same rule.
        var kyc = await KycFlow.StartAsync(host);
        var fields = kyc.AadhaarFields();
        fields["name"] = "Asha\u0007Rao";
        Assert.Contains("Control characters", (await RegistrationFlow.ProblemAsync(await kyc.SubmitAadhaarAsync(fields), HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        // And query values.
        var query = await RegistrationFlow.ProblemAsync(await admin.Client.GetAsync("/api/v1/admin/users/search?q=ab%00cd"), HttpStatusCode.BadRequest);
        Assert.Contains("Control characters", query.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyGivenTwice_IsRefused()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();

        var response = await client.PostAsync("/api/v1/auth/login",
            new StringContent("{\"email_or_mobile\":\"a@example.com\",\"email_or_mobile\":\"b@example.com\",\"password\":\"x\"}", Encoding.UTF8, "application/json"));

        Assert.Equal("The request body names a field more than once.", (await RegistrationFlow.ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AClientCannotForgeAnApiLogLine_ThroughItsUserAgentOrPath()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        using var client = host.CreateClient();
        var marker = Guid.NewGuid().ToString("N")[..10];
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/health/live%20200%201.0ms%20user=FORGED{marker}");
        request.Headers.TryAddWithoutValidation("User-Agent", $"x\" user=ADMIN{marker} ip=10.0.0.1 ua=\"y");

        await client.SendAsync(request);
        var line = await WaitForLineAsync(host, marker);

        Assert.Contains($"/health/live\\u0020200\\u00201.0ms\\u0020user=FORGED{marker}", line, StringComparison.Ordinal);
        Assert.Contains($"ua=\"x\\\" user=ADMIN{marker} ip=10.0.0.1 ua=\\\"y\"", line, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(line, " user=[A-Z0-9-]+ ip="));
    }

    private static async Task<string> WaitForLineAsync(ApiHost host, string marker)
    {
        for (var i = 0; i < 100; i++)
        {
            var line = host.ReadLog("api").Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("No api.log line for the request.");
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : schema;

    private static bool IsString(JsonElement schemas, JsonElement property)
    {
        var resolved = Resolve(schemas, property);
        if (!resolved.TryGetProperty("type", out var type))
        {
            return false;
        }
        var isString = type.ValueKind == JsonValueKind.String ? type.GetString() == "string" : type.EnumerateArray().Any(t => t.GetString() == "string");
        return isString && !resolved.TryGetProperty("format", out _) && !resolved.TryGetProperty("enum", out _);
    }

    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:guid)?\}",
            m => m.Groups[2].Success || m.Groups[1].Value.EndsWith("Id", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : m.Groups[1].Value switch
            {
                "section" => "pan",
                "status" => "pending",
                "ipAddress" => "198.51.100.1",
                _ => "ZZZZZZ",
            });
}
