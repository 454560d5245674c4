import factory
from django.contrib.auth import get_user_model

from culture_portal.models import Official, Unit
from culture_portal.organisation import role_grant, unit_save


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Phòng thử nghiệm số {n}")
    kind = Unit.Kind.OFFICE
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Units are written through the service that keeps the tree paths.
        return unit_save(unit=model_class(*args, **kwargs))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Hà"
    last_name = "Nguyễn Thị"
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-nghiem-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or []:
            role_grant(user=self, role=role)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    employee_code = factory.Sequence(lambda n: f"NV{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    position = "Chuyên viên"
    category = Official.Category.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)
