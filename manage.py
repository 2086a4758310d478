#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    from django.core.management import execute_from_command_line

    from trust import audit_context

    # Writes made by a command are audited as coming from it.
    audit_context.set_source(f"command:{sys.argv[1] if len(sys.argv) > 1 else 'manage.py'}")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
