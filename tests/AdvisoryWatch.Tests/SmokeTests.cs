namespace AdvisoryWatch.Tests;

public class SmokeTests
{
    [Fact]
    public void Extraction_limits_default_to_ten_megabytes()
    {
        Assert.Equal(10 * 1024 * 1024, AdvisoryWatch.Extraction.ExtractionLimits.Default.MaxDocumentBytes);
    }
}
