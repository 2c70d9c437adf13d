namespace AdvisoryWatch.Notifications.Sending;

/// <summary>Wakes the sender when immediate deliveries were planned, instead of waiting for its interval.</summary>
public sealed class DeliverySignal : Hosting.WakeSignal;
