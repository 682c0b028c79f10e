"""Mounted at /stock/: signed stock events from the Galeri POS and other channels."""

from django.urls import path

from marketplace.stocksync import views as stocksync_views

app_name = "stock"

urlpatterns = [
    path("channels/<slug:code>/events/", stocksync_views.channel_event, name="channel-event"),
]
