namespace AdvisoryWatch.Messaging;

/// <summary>Which bus carries commands and events.</summary>
public enum BusTransport
{
    /// <summary>In-process: one machine, nothing to install.</summary>
    InMemory,

    /// <summary>A RabbitMQ broker (<c>ConnectionStrings:RabbitMq</c>, an amqp URI): several machines.</summary>
    RabbitMq,
}
