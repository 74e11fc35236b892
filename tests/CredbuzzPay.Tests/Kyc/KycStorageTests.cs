using System.Data.Common;
using System.Net.Http.Json;
using System.Net;
using System.Text;
using CredbuzzPay.Api.Platform.Secrets;
using CredbuzzPay.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CredbuzzPay.Tests.Kyc;

/// <summary>What is on disk and in the database after KYC: never a plaintext number, never a plaintext document.</summary>
public sealed class KycStorageTests
{
    [Theory, EngineData]
    public async Task DatabaseScan_FindsNoPlaintextAadhaarPanOrAccountNumber_AndDocumentsAreEncryptedFiles(string engine)
    {
        using var host = new ApiHost(engine);
        var user = await KycFlow.StartAsync(host);
        await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.SubmitPanAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.SubmitBusinessAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.SubmitBankAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.Client.PostAsync("/api/v1/kyc/bank/verify_penny_drop", null));
        var secrets = new[] { user.Aadhaar, user.Pan, user.Account, "12 MG Road" };

        var sawPlainField = false;
        var scanned = engine == TestEngines.Sqlite ? ScanSqliteFiles(host) : ScanRows(host);
        Assert.True(scanned > 1000, $"The scan read only {scanned} bytes.");
        Assert.True(sawPlainField, "The scan must see the non-secret business name, or it proves nothing.");
        foreach (var file in Directory.GetFiles(host.LogDirectory))
        {
            var text = TestFiles.ReadShared(file);
            Assert.All(secrets[..3], s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
        }

        var documents = Directory.GetFiles(Path.Combine(host.DataDirectory, "kyc-documents"));
        Assert.Equal(7, documents.Length); // Aadhaar front and back, PAN, selfie, 2 shops, bank proof
        foreach (var file in documents)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(bytes[4..].AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }));
            var text = Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain("JFIF", text, StringComparison.Ordinal);
            Assert.DoesNotContain("%PDF", text, StringComparison.Ordinal);
            Assert.DoesNotContain("camera-serial", text, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        void Check(string where, string text)
        {
            sawPlainField |= text.Contains("Rao General Stores", StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{where} holds a plaintext KYC value.");
            }
        }

        long ScanSqliteFiles(ApiHost h)
        {
            long total = 0;
            foreach (var file in Directory.GetFiles(h.Database.Directory, "*.db*"))
            {
                var text = Encoding.Latin1.GetString(File.ReadAllBytes(file));
                Check(Path.GetFileName(file), text);
                total += text.Length;
            }
            return total;
        }

        long ScanRows(ApiHost h)
        {
            using var connection = h.Database.Open();
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = engine == TestEngines.Postgres
                    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }
            Assert.Contains("kyc_submissions", tables);
            long total = 0;
            foreach (var table in tables)
            {
                using var select = connection.CreateCommand();
                select.CommandText = engine == TestEngines.Postgres ? $"SELECT * FROM \"{table}\"" : $"SELECT * FROM `{table}`";
                using DbDataReader reader = select.ExecuteReader();
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] raw ? Encoding.Latin1.GetString(raw) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                        Check($"{table}.{reader.GetName(i)}", value);
                        total += value.Length;
                    }
                }
            }
            return total;
        }
    }

    [Fact]
    public async Task RotateKeys_RewritesNumbersAddressesAndDocumentsUnderTheNewKey_AndEverythingStaysReadable()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Secrets:EncryptionKeys:1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Secrets:EncryptionKeys:2"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Secrets:ActiveEncryptionKeyVersion"] = "1",
        };
        using var before = new ApiHost(TestEngines.Sqlite, settings);
        var user = await KycFlow.StartAsync(before);
        await KycFlow.OkJsonAsync(await user.SubmitAadhaarAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.SubmitBankAsync(), HttpStatusCode.Created);
        await KycFlow.OkJsonAsync(await user.Client.PutAsJsonAsync("/api/v1/user/profile/update_profile", new { address = "5 Park Lane", city = "Pune" }));
        await CredbuzzPay.Tests.Recharge.RechargeFlow.RunCommandAsync(before, "populate-billers");
        var card = "4" + KycFlow.RandomDigits(15);
        await KycFlow.OkJsonAsync(await user.Client.PostAsJsonAsync("/api/v1/bills/saved/", new
        {
            biller_id = "HDFC00000NATDJ", customer_params = new { card_number = card, mobile = "9812345678" }, nickname = "Card",
        }), HttpStatusCode.Created);
        Assert.Equal("0", KycFlowTests.Scalar(before, "SELECT COUNT(*) FROM kyc_documents WHERE key_version <> 1"));

        // The operator adds key 2, makes it active and runs `rotate-keys` (the real executable, on the same data).
        settings["Secrets:ActiveEncryptionKeyVersion"] = "2";
        var first = await RotateAsync(before, settings);
        Assert.Equal(0, first.ExitCode);
        Assert.Matches(@"kyc: [4-9] value\(s\) re-encrypted under key version 2", first.Output); // 2 numbers, 1 address, 3 documents
        Assert.Contains("identity: 1 value(s)", first.Output, StringComparison.Ordinal);
        Assert.Contains("bills: 1 value(s)", first.Output, StringComparison.Ordinal);
        Assert.Equal("0", KycFlowTests.Scalar(before, "SELECT COUNT(*) FROM kyc_documents WHERE key_version <> 2"));
        var second = await RotateAsync(before, settings);
        Assert.Contains("Done: 0 value(s) re-encrypted.", second.Output, StringComparison.Ordinal);

        // Key 1 can now go: with key 2 alone every number, address and document still opens.
        var onlyNew = new KeyRing(Microsoft.Extensions.Options.Options.Create(new SecretsOptions
        {
            GenerateMissingKeys = true,
            EncryptionKeys = new Dictionary<string, string> { ["2"] = settings["Secrets:EncryptionKeys:2"]! },
        }), Microsoft.Extensions.Options.Options.Create(new CredbuzzPay.Api.Platform.Storage.StorageOptions { DataDirectory = before.DataDirectory }));
        var box = new CredbuzzPay.Api.Platform.Crypto.SecretBox(onlyNew);
        var documents = before.Services.GetRequiredService<CredbuzzPay.Api.Modules.Kyc.Documents.DocumentStore>();
        using var connection = before.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT d.id, d.storage_name, s.id, s.number_encrypted FROM kyc_documents d JOIN kyc_submissions s ON s.id = d.submission_id";
        using var reader = command.ExecuteReader();
        var opened = 0;
        while (reader.Read())
        {
            var documentId = new Guid((byte[])reader.GetValue(0));
            var bytes = box.Decrypt(await File.ReadAllBytesAsync(Path.Combine(documents.Directory, reader.GetString(1) + ".bin")), $"kyc_documents:{documentId:N}");
            Assert.True(bytes.Length > 100);
            var number = box.DecryptString((byte[])reader.GetValue(3), $"kyc_submissions:number:{new Guid((byte[])reader.GetValue(2)):N}");
            Assert.True(number == user.Aadhaar || number == user.Account);
            opened++;
        }
        Assert.Equal(3, opened);
        var saved = before.Database.Query("SELECT id, params_encrypted FROM bill_saved").Single();
        Assert.Contains(card, box.DecryptString((byte[])saved[1]!, $"bill-saved:{new Guid((byte[])saved[0]!):N}"), StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> RotateAsync(ApiHost host, Dictionary<string, string?> settings)
    {
        var environment = TestFiles.HostSettings(host.Database)
            .Concat(settings)
            .Where(s => s.Key != "urls")
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        environment["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(typeof(Program).Assembly.Location);
        return ServiceProcess.RunAsync(host.Database.Directory, environment, "rotate-keys");
    }
}
