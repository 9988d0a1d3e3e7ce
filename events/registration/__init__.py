"""Registration: delegates by NSB, focal-point approval, capacity and waiting lists."""
