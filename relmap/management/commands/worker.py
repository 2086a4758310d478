"""`manage.py worker`: run the background work and the periodic schedule (relmap/tasks.py).

One command per worker process; run as many as you like (the schedule enqueues each job once
per period). See docs/operations.md.
"""

import os
import socket
import threading

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Worker

from relmap.tasks import enqueue_due_jobs


class Command(BaseCommand):
    help = "Run queued background tasks and enqueue the periodic jobs when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of the queue."
        )
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=60.0,
            help="Seconds between looks at the periodic schedule.",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Enqueue what is due, run everything, exit."
        )

    def handle(self, *args, interval, schedule_every, batch, **options):
        stop = threading.Event()

        def schedule():
            while not stop.is_set():
                for name in enqueue_due_jobs():
                    self.stdout.write(f"Enqueued {name}.")
                stop.wait(schedule_every)

        if batch:
            for name in enqueue_due_jobs():
                self.stdout.write(f"Enqueued {name}.")
        else:
            threading.Thread(target=schedule, name="schedule", daemon=True).start()
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
