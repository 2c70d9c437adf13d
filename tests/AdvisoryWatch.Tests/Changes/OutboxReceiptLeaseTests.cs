using AdvisoryWatch.Changes;

namespace AdvisoryWatch.Tests.Changes;

public sealed class OutboxReceiptLeaseTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(7, 60)]
    [InlineData(1_000, 60)]
    public void A_row_published_again_waits_twice_as_long_for_its_receipts_up_to_an_hour(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), OutboxDispatcher.ReceiptLease(attempts));
}
