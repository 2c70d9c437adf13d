namespace AdvisoryWatch.Messaging;

/// <summary><c>AdvisoryWatch:Bus:*</c>; the broker's address is <c>ConnectionStrings:RabbitMq</c>.</summary>
public sealed class BusOptions
{
    public const string Section = "AdvisoryWatch:Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;
}
