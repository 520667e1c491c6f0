"""The composition root: settings, runtime (database, Kafka, relay, consumer), the delivery
worker and its senders, routes."""

from contextlib import AsyncExitStack
from pathlib import Path

from fastapi import FastAPI

from notifications.api.routes import admin, deliveries, subscriptions
from notifications.config import Settings
from notifications.delivery.contacts import ContactDirectory, contacts_session
from notifications.delivery.email_sender import EmailSender
from notifications.delivery.model import Sender
from notifications.delivery.resolver import Resolver, resolve
from notifications.delivery.smtp_connections import SmtpConnections
from notifications.delivery.webhook_sender import WebhookSender, webhook_client
from notifications.emails.render import EmailRenderer
from notifications.handlers import EVENT_HANDLERS
from notifications.loops import delivery_gauges
from notifications.loops.delivery import DeliveryWorker
from notifications.webhooks.secret_box import SecretBox
from returners_platform.clock import Clock
from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.service.app import ScheduledJob, create_service_app
from returners_platform.service.runtime import Runtime

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    resolver: Resolver = resolve,
) -> FastAPI:
    """The overrides tests need: the clock, and how webhook hosts resolve (DNS by default)."""
    settings = settings or Settings()
    box = SecretBox(settings.webhook_secret_encryption_key)

    async def start_delivery(app: FastAPI, runtime: Runtime) -> None:
        runtime.spawn(
            "delivery-worker",
            lambda: run_delivery_worker(runtime, settings, box, resolver),
        )

    app = create_service_app(
        settings=settings,
        description="Applicant emails, and signed webhooks to councils with retries, dead "
        "letters and replay.",
        migrations=MIGRATIONS,
        handlers=EVENT_HANDLERS,
        routers=[subscriptions.router, deliveries.router, admin.router],
        jobs=[
            ScheduledJob(
                "delivery-gauges",
                settings.delivery_gauges_interval_seconds,
                delivery_gauges.refresh,
                publishes=False,
            )
        ],
        clock=clock,
        on_started=start_delivery,
    )
    app.state.secret_box = box
    app.state.resolver = resolver
    return app


async def run_delivery_worker(
    runtime: Runtime, settings: Settings, box: SecretBox, resolver: Resolver
) -> None:
    """The worker with its HTTP clients, for the runtime's life (closed when it stops)."""
    async with AsyncExitStack() as stack:
        webhooks = await stack.enter_async_context(webhook_client(settings.webhook_timeout_seconds))
        contacts = await stack.enter_async_context(
            contacts_session(settings.contact_lookup_timeout_seconds)
        )
        smtp = SmtpConnections(settings.smtp)
        stack.push_async_callback(smtp.close)
        senders: dict[DeliveryChannel, Sender] = {
            DeliveryChannel.WEBHOOK: WebhookSender(
                webhooks,
                box,
                allow_http=settings.allow_http_targets,
                allow_private=settings.allow_private_targets,
                resolver=resolver,
            ),
            DeliveryChannel.EMAIL: EmailSender(
                ContactDirectory(
                    contacts,
                    settings.applications_base_url,
                    settings.applications_internal_token,
                ),
                EmailRenderer(),
                smtp,
                sender=settings.smtp.sender,
                portal_url=settings.portal_url,
            ),
        }
        worker = DeliveryWorker(
            runtime.pool,
            senders,
            policy=settings.retry_policy,
            source=runtime.source,
            poll_interval=settings.delivery_poll_interval_seconds,
            concurrency=settings.delivery_concurrency,
            clock=runtime.clock,
        )
        await worker.run()
