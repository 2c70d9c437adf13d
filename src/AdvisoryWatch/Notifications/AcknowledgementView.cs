namespace AdvisoryWatch.Notifications;

public sealed record AcknowledgementView(Guid ChangeId, string DepartmentId, string Address, DateTimeOffset AcknowledgedAtUtc, Guid DeliveryId);
