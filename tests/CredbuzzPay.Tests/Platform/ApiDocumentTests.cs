using System.Net;
using System.Text.Json;
using CredbuzzPay.Tests.Contract;
using CredbuzzPay.Tests.Infrastructure;
using CredbuzzPay.Tests.Kyc;
using Microsoft.OpenApi;

namespace CredbuzzPay.Tests.Platform;

public sealed class ApiDocumentTests
{
    [Fact]
    public async Task SwaggerUiAndRedoc_ServeTheOpenApiDocumentOfTheService()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();

        var swagger = await client.GetAsync("/api/docs/index.html");
        var redoc = await client.GetAsync("/api/redoc/index.html");
        var document = await client.GetAsync("/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Contains("swagger-ui", await swagger.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, redoc.StatusCode);
        Assert.Contains("redoc", await redoc.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var body = await document.JsonAsync();
        Assert.StartsWith("3.", body.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("CredbuzzPay API", body.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("bearer", body.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task SwaggerUiRoot_ServesItsPage()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();

        var response = await client.GetAsync("/api/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheDocument_ReadsWithoutADiagnostic_AndValidates()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();
        await using var stream = await client.GetStreamAsync("/api/openapi/v1.json");

        var read = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.NotNull(read.Document);
        Assert.Empty(read.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(read.Diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(read.Document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.True(read.Document.Paths.Count >= 50);
    }

    [Fact]
    public async Task FormsDescribeTheirFiles_AndRequiredFieldsAreNeverNull()
    {
        var document = await DocumentAsync();

        var business = FormSchema(document, "/api/v1/kyc/business/submit_business");
        Assert.Equal(("string", "binary"), FileType(document, business.GetProperty("properties").GetProperty("selfie")));
        var shops = Resolve(document, business.GetProperty("properties").GetProperty("shop_images"));
        Assert.Equal("array", shops.GetProperty("type").GetString());
        Assert.Equal(("string", "binary"), FileType(document, shops.GetProperty("items")));
        Assert.Contains("business_name", Required(business));
        Assert.DoesNotContain("gst_number", Required(business)); // optional in seed 004
        var offline = FormSchema(document, "/api/v1/kyc/aadhaar/upload_offline");
        Assert.Equal(["file"], Required(offline));

        // JSON bodies: a required field is not nullable; a field the validator lets go is not required.
        var login = document.GetProperty("components").GetProperty("schemas").GetProperty("LoginRequest");
        Assert.Equal(["email_or_mobile", "password"], Required(login).Order());
        Assert.Equal("string", login.GetProperty("properties").GetProperty("password").GetProperty("type").GetString());
        var register = document.GetProperty("components").GetProperty("schemas").GetProperty("InitiateRegistrationRequest");
        Assert.Equal(["email", "mobile", "password"], Required(register).Order());
        var block = document.GetProperty("components").GetProperty("schemas").GetProperty("BlockRequest");
        Assert.DoesNotContain("user_code", Required(block)); // user_code or user_id
        Assert.False(block.GetProperty("properties").TryGetProperty("target", out _));
    }

    [Fact]
    public async Task ListsDeclareTheirFiltersAndPaging()
    {
        var document = await DocumentAsync();

        string[] Parameters(string path) => document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();

        Assert.Superset(new HashSet<string> { "search", "status", "page", "page_size" }, Parameters("/api/v1/admin/users/list_users").ToHashSet());
        Assert.Superset(new HashSet<string> { "action", "user_id", "days", "page", "page_size" }, Parameters("/api/v1/admin/audit/get_audit_trail").ToHashSet());
        Assert.Superset(new HashSet<string> { "q", "filter_by" }, Parameters("/api/v1/admin/users/search").ToHashSet());
        Assert.Superset(new HashSet<string> { "status", "section", "page", "page_size" }, Parameters("/api/v1/admin/kyc/queue").ToHashSet());
        Assert.Superset(new HashSet<string> { "days", "page" }, Parameters("/api/v1/admin/reports/security/get_suspicious_activities").ToHashSet());
    }

    /// <summary>
    /// A client that knows nothing but the document: it finds submit_pan's form, fills each required text
    /// field from the names alone, attaches a real PNG to each binary field, and the upload is accepted.
    /// </summary>
    [Fact]
    public async Task AClientDrivenByTheDocument_UploadsARealPng()
    {
        var host = ApiHost.For(TestEngines.Sqlite);
        var user = await KycFlow.StartAsync(host);
        var document = await DocumentAsync();
        var form = FormSchema(document, "/api/v1/kyc/pan/submit_pan");
        var values = new Dictionary<string, string> { ["pan_number"] = user.Pan, ["name"] = KycFlow.Name, ["dob"] = KycFlow.Dob };

        using var content = new MultipartFormDataContent();
        foreach (var field in form.GetProperty("properties").EnumerateObject())
        {
            if (FileType(document, field.Value) == ("string", "binary"))
            {
                content.Add(new ByteArrayContent(KycFlow.Png()), field.Name, field.Name + ".png");
            }
            else if (Required(form).Contains(field.Name))
            {
                content.Add(new StringContent(values[field.Name]), field.Name);
            }
        }
        var answer = await Seed.OkAsync(await user.Client.PostAsync("/api/v1/kyc/pan/submit_pan", content), HttpStatusCode.Created);

        Assert.Equal("pending", answer.GetProperty("status").GetString());
        Assert.Equal("1", KycFlowTests.Scalar(host,
            $"SELECT COUNT(*) FROM kyc_documents d JOIN users u ON u.id = d.user_id WHERE u.user_code = '{user.UserCode}' AND d.kind = 'pan_image'"));
    }

    private static async Task<JsonElement> DocumentAsync()
    {
        using var client = ApiHost.For(TestEngines.Sqlite).CreateClient();
        return await (await client.GetAsync("/api/openapi/v1.json")).JsonAsync();
    }

    private static JsonElement FormSchema(JsonElement document, string path)
    {
        var body = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        return Resolve(document, body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema"));
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static (string?, string?) FileType(JsonElement document, JsonElement schema)
    {
        var resolved = Resolve(document, schema);
        return (resolved.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null,
            resolved.TryGetProperty("format", out var format) ? format.GetString() : null);
    }

    private static string[] Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToArray() : [];
}
