using CredbuzzPay.Api.Modules.Kyc;
using CredbuzzPay.Tests.Infrastructure;

namespace CredbuzzPay.Tests.Units;

public sealed class KycValidatorTests
{
    [Theory]
    [InlineData("2363", true)] // Verhoeff's textbook example: 236 has check digit 3
    [InlineData("2364", false)]
    [InlineData("12345678902", true)] // σ⁴ row: the old table refused this one
    [InlineData("12345678903", false)]
    public void Verhoeff_AcceptsOnlyTheRightCheckDigit(string digits, bool valid) => Assert.Equal(valid, IndianIds.VerhoeffValid(digits));

    [Fact]
    public void Verhoeff_CheckDigitFromTheTextbook() => Assert.Equal(3, IndianIds.VerhoeffCheckDigit("236"));

    [Theory]
    // Fifth digit from the right 6, 7 or 8: the numbers a wrong row 4 of the permutation table refused.
    [InlineData("284617760134", true)]
    [InlineData("284617770131", true)]
    [InlineData("284617780130", true)]
    [InlineData("284617770134", false)]
    public void Aadhaar_ChecksDigitsComputedIndependentlyOfTheCode(string number, bool valid)
    {
        Assert.Equal(valid, Verhoeff.IsValid(number));
        Assert.Equal(valid, IndianIds.Aadhaar(number) is not null);
    }

    [Fact]
    public void Verhoeff_TheIndependentDefinitionReproducesTheTextbook()
    {
        Assert.Equal(3, Verhoeff.CheckDigit("236"));
        Assert.True(Verhoeff.IsValid("2363"));
        // Row 4 of the permutation table is σ⁴ = 9 4 5 3 1 2 6 8 7 0.
        Assert.Equal([9, 4, 5, 3, 1, 2, 6, 8, 7, 0], Enumerable.Range(0, 10).Select(d => Verhoeff.Permute(4, d)));
    }

    [Fact]
    public void Verhoeff_TheCodeAgreesWithTheDefinition_OnEveryPositionAndDigit()
    {
        // 20,000 bodies spread over the whole 11-digit range (a step coprime with 10^11), every last digit.
        for (long n = 0; n < 20_000; n++)
        {
            var body = ((n * 4_999_999_937L + 12_345_678_901L) % 100_000_000_000L).ToString("D11", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Verhoeff.CheckDigit(body), IndianIds.VerhoeffCheckDigit(body));
            var any = body + (char)('0' + n % 10);
            Assert.Equal(Verhoeff.IsValid(any), IndianIds.VerhoeffValid(any));
        }
    }

    [Fact]
    public void Verhoeff_CatchesEverySingleDigitTypoAndEveryAdjacentSwapOfAnAadhaar()
    {
        var body = "49911866524";
        var aadhaar = body + Verhoeff.CheckDigit(body);
        Assert.Equal(aadhaar, IndianIds.Aadhaar(aadhaar));
        Assert.Equal(aadhaar, IndianIds.Aadhaar($"{aadhaar[..4]} {aadhaar[4..8]} {aadhaar[8..]}"));
        for (var i = 0; i < aadhaar.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d != aadhaar[i])
                {
                    Assert.False(IndianIds.VerhoeffValid(aadhaar[..i] + d + aadhaar[(i + 1)..]));
                }
            }
            if (i + 1 < aadhaar.Length && aadhaar[i] != aadhaar[i + 1])
            {
                Assert.False(IndianIds.VerhoeffValid(aadhaar[..i] + aadhaar[i + 1] + aadhaar[i] + aadhaar[(i + 2)..]));
            }
        }
    }

    [Theory]
    [InlineData("023456789012")] // starts with 0
    [InlineData("123456789012")] // starts with 1
    [InlineData("23456789012")]  // 11 digits
    [InlineData("2345678901234")] // 13 digits
    [InlineData("2345678901AB")]
    [InlineData("")]
    public void Aadhaar_RefusesWrongShapes(string input) => Assert.Null(IndianIds.Aadhaar(input));

    [Theory]
    [InlineData("ABCPE1234F", false, "ABCPE1234F")]
    [InlineData("abcpe1234f", true, "ABCPE1234F")]
    [InlineData("AAACB1234C", false, "AAACB1234C")] // a company's PAN
    [InlineData("AAACB1234C", true, null)]          // ... is not a person's
    [InlineData("ABCP1234F", false, null)]
    [InlineData("ABCPE12345", false, null)]
    [InlineData("1BCPE1234F", false, null)]
    public void Pan_FormatAndPersonLetter(string input, bool person, string? expected) => Assert.Equal(expected, IndianIds.Pan(input, person));

    [Theory]
    [InlineData("SBIN0001234", "SBIN0001234")]
    [InlineData("hdfc0ABC123", "HDFC0ABC123")]
    [InlineData("SBIN1001234", null)] // fifth character must be 0
    [InlineData("SBI00001234", null)]
    [InlineData("SBIN000123", null)]
    [InlineData("SBIN00012345", null)]
    public void Ifsc_Format(string input, string? expected) => Assert.Equal(expected, IndianIds.Ifsc(input));

    [Theory]
    [InlineData("27AAPFU0939F1ZV", true)]  // a published valid GSTIN
    [InlineData("29AAGCB7383J1Z4", true)]
    [InlineData("27AAPFU0939F1ZW", false)] // wrong check character
    [InlineData("40AAPFU0939F1ZV", false)] // no state 40
    [InlineData("27AAPFU0939F1YV", false)] // 14th must be Z
    [InlineData("27AAPFU0939F0ZV", false)] // entity number cannot be 0
    [InlineData("18AABCU9603R1Z0", false)] // seed 003's example fails its check character
    public void Gstin_StateCodeShapeAndCheckCharacter(string input, bool valid) => Assert.Equal(valid, IndianIds.Gstin(input) is not null);

    [Fact]
    public void Gstin_CarriesItsHoldersPan() => Assert.Equal("AAPFU0939F", IndianIds.PanOfGstin("27AAPFU0939F1ZV"));

    [Theory]
    [InlineData("560001", true)]
    [InlineData("110001", true)]
    [InlineData("060001", false)]
    [InlineData("56001", false)]
    [InlineData("5600011", false)]
    [InlineData("56000A", false)]
    public void Pincode_SixDigitsNotStartingWithZero(string input, bool valid) => Assert.Equal(valid, IndianIds.Pincode(input) is not null);

    [Theory]
    [InlineData("John Doe", "DOE JOHN", 100)]
    [InlineData("Mr. John Doe", "JOHN DOE", 100)]
    public void NameSimilarity_IgnoresOrderCaseAndTitles(string a, string b, int expected) => Assert.Equal(expected, CrossChecks.NameSimilarity(a, b));

    [Fact]
    public void NameSimilarity_DifferentPeopleScoreLow() => Assert.True(CrossChecks.NameSimilarity("Asha Rao", "Vikram Singh") < 60);
}
