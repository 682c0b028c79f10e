from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.schema import schema
from marketplace.core import views as core_views
from marketplace.core.graphql.view import GraphQLView

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("graphql/", GraphQLView.as_view(schema=schema, graphiql=settings.DEBUG), name="graphql"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("payments/", include("payments.urls")),
    path("fulfillment/", include("fulfillment.urls")),
    path("stock/", include("marketplace.inventory.urls")),
    path("seller/", include("vendors.urls")),
    path("", include("marketplace.storefront.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
