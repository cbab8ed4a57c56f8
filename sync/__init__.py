"""Offline-first replication of the kiosk with the platform: enrolment, push, pull, provisioning."""
